package dev.datamgmt.label.feedback;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.label.qa.Consensus;
import dev.datamgmt.label.qa.ConsensusResult;
import dev.datamgmt.label.qa.Ratings;
import dev.datamgmt.label.store.Annotation;
import dev.datamgmt.label.store.LabelSource;
import dev.datamgmt.label.store.LabelStore;
import dev.datamgmt.storage.repo.CommitBuilder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The flywheel's step: labels from the label store, decided by a consensus {@link Rule}, become a new version of
 * a dataset branch, with lineage that says which labels came from whom.
 *
 * <pre>{@code
 * FeedbackCommit.Result r = FeedbackCommit.builder(repo, store)
 *     .setBranch("main")
 *     .setRule(FeedbackCommit.Rule.DAWID_SKENE)
 *     .optSources(EnumSet.of(LabelSource.HUMAN, LabelSource.USER_FEEDBACK))
 *     .optMinConfidence(0.9)
 *     .build().commit();
 * }</pre>
 *
 * <p>For every record of the branch's head that has annotations from the chosen sources, the rule decides a
 * label; records whose decided label differs from their current one are re-labeled in one commit. The commit's
 * {@link Provenance} (kind {@code dataset-version}) lists the base version and every annotator whose labels were
 * used as sources ({@code label-source:HUMAN} / {@code alice}) and a {@code label-consensus} step with the
 * settings and counts; its lineage has {@code label.annotator.<id>} = the number of changed records that id
 * labeled; each changed record gets the attributes {@code label_annotators} (the annotators whose labels it
 * took, comma-separated) and {@code label_confidence}.
 */
public final class FeedbackCommit {
  /** How a record's label is decided from its annotations. */
  public enum Rule {
    /** The most recent annotation wins (any label kind): a correction replaces what was there. */
    LATEST,
    /** Majority vote over each annotator's latest class label; ties to the lowest class. */
    MAJORITY_VOTE,
    /** Dawid–Skene EM over all the records' class labels: careful annotators outweigh careless ones. */
    DAWID_SKENE
  }

  /**
   * What a feedback commit did.
   *
   * @param version the new version, or empty if no record's label changed (then nothing was committed)
   * @param recordsChanged records whose label changed
   * @param recordsSkipped records with annotations whose decided label was below the confidence or vote minimum
   * @param annotationsUsed annotations considered
   */
  public record Result(Optional<DatasetVersion> version, int recordsChanged, int recordsSkipped,
      int annotationsUsed) {}

  private final Repository repo;
  private final LabelStore store;
  private final String branch;
  private final Rule rule;
  private final Set<LabelSource> sources;
  private final int numClasses;
  private final int minVotes;
  private final double minConfidence;
  private final String message;
  private final String author;

  private FeedbackCommit(Builder b) {
    this.repo = b.repo;
    this.store = b.store;
    this.branch = b.branch;
    this.rule = b.rule;
    this.sources = Set.copyOf(b.sources);
    this.numClasses = b.numClasses;
    this.minVotes = b.minVotes;
    this.minConfidence = b.minConfidence;
    this.message = b.message;
    this.author = b.author;
  }

  /** A feedback commit from {@code store}'s labels into {@code repo}. */
  public static Builder builder(Repository repo, LabelStore store) {
    return new Builder(repo, store);
  }

  private record Decision(Label label, double confidence, TreeSet<String> annotators) {}

  /**
   * Decides the labels and commits them to the branch.
   *
   * @throws dev.datamgmt.core.error.InvalidDataException if a decided label breaks the branch's schema (naming
   *     the record), or a class rule meets a label that is not a class label
   * @throws dev.datamgmt.core.error.ConflictException if the branch moved meanwhile (run again)
   */
  public Result commit() throws DataException {
    CommitBuilder cb = repo.commit(branch);
    DatasetVersion base = repo.checkout(branch);
    int classes = numClasses > 0 ? numClasses
        : base.schema().map(s -> s.classNames().size()).filter(n -> n > 0).orElse(0);
    // each record's annotations from the chosen sources
    TreeMap<String, List<Annotation>> byRecord = new TreeMap<>();
    Map<String, Record> records = new TreeMap<>();
    int used = 0;
    for (Record r : base) {
      List<Annotation> anns = new ArrayList<>();
      for (Annotation a : store.labelsOf(r.id())) {
        if (sources.contains(a.source())) {
          anns.add(a);
        }
      }
      if (!anns.isEmpty()) {
        byRecord.put(r.id(), anns);
        records.put(r.id(), r);
        used += anns.size();
      }
    }
    Map<String, Decision> decisions = decide(byRecord, classes);
    int changed = 0;
    int skipped = byRecord.size() - decisions.size();
    TreeMap<String, Integer> perAnnotator = new TreeMap<>();
    for (Map.Entry<String, Decision> e : decisions.entrySet()) {
      Record r = records.get(e.getKey());
      Decision d = e.getValue();
      if (d.label().equals(r.label().orElse(null))) {
        continue;
      }
      changed++;
      d.annotators().forEach(a -> perAnnotator.merge(a, 1, Integer::sum));
      cb.addRecord(r.toBuilder().optLabel(d.label())
          .addAttribute("label_annotators", String.join(",", d.annotators()))
          .addAttribute("label_confidence", d.confidence()).build());
    }
    if (changed == 0) {
      return new Result(Optional.empty(), 0, skipped, used);
    }
    Provenance.Builder p = Provenance.builder("dataset-version")
        .addSource(new Provenance.Source("dataset", base.id().toString()))
        .addSource(new Provenance.Source("label-store", store.toString()));
    TreeMap<String, LabelSource> annotatorSource = new TreeMap<>();
    byRecord.values().forEach(l -> l.forEach(a -> annotatorSource.putIfAbsent(a.annotator(), a.source())));
    perAnnotator.keySet().forEach(a ->
        p.addSource(new Provenance.Source("label-source:" + annotatorSource.get(a), a)));
    TreeMap<String, String> settings = new TreeMap<>();
    settings.put("rule", rule.name());
    settings.put("sources", new TreeSet<>(sources.stream().map(Enum::name).toList()).toString());
    settings.put("min_votes", Integer.toString(minVotes));
    settings.put("min_confidence", Double.toString(minConfidence));
    settings.put("records_changed", Integer.toString(changed));
    settings.put("records_skipped", Integer.toString(skipped));
    settings.put("annotations_used", Integer.toString(used));
    p.addStep(new Provenance.Step("label-consensus", settings));
    cb.setMessage(message != null ? message
        : "labels from the label store: " + changed + " records re-labeled by " + rule.name().toLowerCase(
            java.util.Locale.ROOT).replace('_', ' '))
        .addLineage("label.rule", rule.name())
        .addLineage("label.records_changed", Integer.toString(changed))
        .optProvenance(p.build());
    perAnnotator.forEach((a, n) -> cb.addLineage("label.annotator." + a, Integer.toString(n)));
    if (author != null) {
      cb.optAuthor(author);
    }
    return new Result(Optional.of(cb.commit()), changed, skipped, used);
  }

  private Map<String, Decision> decide(TreeMap<String, List<Annotation>> byRecord, int classes)
      throws DataException {
    Map<String, Decision> out = new TreeMap<>();
    if (rule == Rule.LATEST) {
      for (Map.Entry<String, List<Annotation>> e : byRecord.entrySet()) {
        Annotation last = e.getValue().get(e.getValue().size() - 1); // the store returns time order
        if (last.confidence() >= minConfidence) {
          out.put(e.getKey(), new Decision(last.label(), last.confidence(), new TreeSet<>(Set.of(last.annotator()))));
        }
      }
      return out;
    }
    if (classes <= 0) {
      throw new IllegalStateException(rule + " needs the number of classes: the branch's schema names none; call "
          + "optNumClasses");
    }
    List<Annotation> all = new ArrayList<>();
    byRecord.values().forEach(all::addAll);
    Ratings ratings = Ratings.fromAnnotations(all, classes);
    ConsensusResult c = rule == Rule.MAJORITY_VOTE
        ? Consensus.majorityVote(ratings)
        : Consensus.dawidSkene(ratings).build().fit();
    for (int i = 0; i < ratings.numItems(); i++) {
      int label = c.label(i);
      int votes = 0;
      TreeSet<String> agreeing = new TreeSet<>();
      for (int r = 0; r < ratings.numRaters(); r++) {
        if (ratings.get(i, r) != Ratings.MISSING) {
          votes++;
          if (ratings.get(i, r) == label) {
            agreeing.add(ratings.raterIds().get(r));
          }
        }
      }
      if (label != Ratings.MISSING && votes >= minVotes && c.confidence(i) >= minConfidence) {
        out.put(ratings.itemIds().get(i), new Decision(ClassLabel.of(label), c.confidence(i), agreeing));
      }
    }
    return out;
  }

  /** Builds a feedback commit; {@code set*} required, {@code opt*} optional. */
  public static final class Builder {
    private final Repository repo;
    private final LabelStore store;
    private String branch;
    private Rule rule;
    private Set<LabelSource> sources = EnumSet.of(LabelSource.HUMAN, LabelSource.USER_FEEDBACK);
    private int numClasses;
    private int minVotes = 1;
    private double minConfidence = 0;
    private String message;
    private String author;

    private Builder(Repository repo, LabelStore store) {
      this.repo = Objects.requireNonNull(repo, "repo");
      this.store = Objects.requireNonNull(store, "store");
    }

    /** The branch to re-label (required); its head is the base. */
    public Builder setBranch(String branch) {
      this.branch = Objects.requireNonNull(branch, "branch");
      return this;
    }

    /** How labels are decided (required). */
    public Builder setRule(Rule rule) {
      this.rule = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /** Which annotations count (default: {@code HUMAN} and {@code USER_FEEDBACK}; not model predictions). */
    public Builder optSources(Set<LabelSource> sources) {
      if (sources.isEmpty()) {
        throw new IllegalArgumentException("sources is empty");
      }
      this.sources = EnumSet.copyOf(sources);
      return this;
    }

    /** The number of classes for the class rules (default: the branch schema's class names). */
    public Builder optNumClasses(int numClasses) {
      if (numClasses < 1) {
        throw new IllegalArgumentException("numClasses < 1: " + numClasses);
      }
      this.numClasses = numClasses;
      return this;
    }

    /** The fewest annotators a record needs for a class rule to decide it (default 1). */
    public Builder optMinVotes(int minVotes) {
      if (minVotes < 1) {
        throw new IllegalArgumentException("minVotes < 1: " + minVotes);
      }
      this.minVotes = minVotes;
      return this;
    }

    /** The lowest confidence (consensus posterior, or the latest annotation's confidence) accepted (default 0). */
    public Builder optMinConfidence(double minConfidence) {
      if (!(minConfidence >= 0 && minConfidence <= 1)) {
        throw new IllegalArgumentException("minConfidence not in [0, 1]: " + minConfidence);
      }
      this.minConfidence = minConfidence;
      return this;
    }

    /** The commit message (default: says how many records the rule re-labeled). */
    public Builder optMessage(String message) {
      this.message = Objects.requireNonNull(message, "message");
      return this;
    }

    /** The commit author (default: the repository's default). */
    public Builder optAuthor(String author) {
      this.author = Objects.requireNonNull(author, "author");
      return this;
    }

    /**
     * Validates the settings.
     *
     * @throws IllegalStateException if the branch or the rule was not set
     * @throws IllegalArgumentException if minVotes &gt; 1 with the {@code LATEST} rule (which takes one vote)
     */
    public FeedbackCommit build() {
      if (branch == null) {
        throw new IllegalStateException("branch was not set; call setBranch");
      }
      if (rule == null) {
        throw new IllegalStateException("rule was not set; call setRule");
      }
      if (rule == Rule.LATEST && minVotes > 1) {
        throw new IllegalArgumentException("minVotes " + minVotes + " conflicts with rule LATEST, which takes the "
            + "latest annotation alone");
      }
      return new FeedbackCommit(this);
    }
  }
}
