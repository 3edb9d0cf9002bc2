package dev.datamgmt.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.datamgmt.core.seed.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The people of the quickstart's step 6, played by a program: it takes the Label Studio tasks the SDK exported and
 * writes what Label Studio's "Export → JSON" would give after a team answered them. Each task is answered by
 * {@code perTask} of the annotators (chosen per task); an annotator gives the held-back true class with their own
 * accuracy and otherwise another class at random. Everything is drawn from {@link Seeds#random(long, long)} of
 * the seed and the task's position, so the answers are a pure function of the tasks, the truth and the seed.
 *
 * <p>This stands in for people; nothing here is part of the SDK. The SDK's side is the export before and
 * {@link dev.datamgmt.label.studio.LabelStudioImporter} after.
 */
public final class SimulatedAnnotators {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");

  /**
   * One simulated person.
   *
   * @param email their Label Studio login (the importer names the annotator {@code labelstudio:<email>})
   * @param userId their Label Studio user id
   * @param accuracy the probability that they give the true class
   */
  public record Annotator(String email, int userId, double accuracy) {
    /** Validates. */
    public Annotator {
      Objects.requireNonNull(email, "email");
      if (!(accuracy >= 0 && accuracy <= 1)) {
        throw new IllegalArgumentException("accuracy not in [0, 1]: " + accuracy);
      }
    }
  }

  private final List<Annotator> annotators;
  private final int perTask;
  private final long seed;

  /**
   * A team.
   *
   * @throws IllegalArgumentException if perTask is not in 1..annotators.size()
   */
  public SimulatedAnnotators(List<Annotator> annotators, int perTask, long seed) {
    this.annotators = List.copyOf(annotators);
    if (perTask < 1 || perTask > this.annotators.size()) {
      throw new IllegalArgumentException("perTask must be in 1.." + this.annotators.size() + ": " + perTask);
    }
    this.perTask = perTask;
    this.seed = seed;
  }

  /** The annotators. */
  public List<Annotator> annotators() {
    return annotators;
  }

  /**
   * Answers every task of a Label Studio task list (the exporter's JSON) and returns Label Studio's JSON export
   * of the project: each task with an {@code id}, its {@code data} and {@code predictions} as exported, and
   * {@code annotations} with {@code completed_by}, {@code result} ({@code choices} from {@code label} to
   * {@code image}), {@code created_at}/{@code updated_at} and {@code lead_time}.
   *
   * @param truth the true class of each record id (held back from the pool)
   * @param classNames the class names, in class order (Label Studio exchanges choices by name)
   * @throws IllegalArgumentException if a task names a record without a true class
   */
  public String answer(String tasksJson, Map<String, Integer> truth, List<String> classNames) {
    JsonNode tasks;
    try {
      tasks = JSON.readTree(tasksJson);
    } catch (IOException e) {
      throw new UncheckedIOException("the exporter's tasks are not JSON", e);
    }
    ArrayNode out = JSON.createArrayNode();
    long annotationId = 1;
    for (int t = 0; t < tasks.size(); t++) {
      ObjectNode task = ((ObjectNode) tasks.get(t)).deepCopy();
      String recordId = task.path("data").path("record_id").asText();
      Integer trueClass = truth.get(recordId);
      if (trueClass == null) {
        throw new IllegalArgumentException("task " + t + ": no true class for record " + recordId);
      }
      SplittableRandom random = Seeds.random(seed, t);
      List<Annotator> team = new ArrayList<>(annotators);
      Collections.shuffle(team, new java.util.Random(random.nextLong()));
      task.put("id", t + 1);
      ArrayNode anns = task.putArray("annotations");
      for (int k = 0; k < perTask; k++) {
        Annotator a = team.get(k);
        int answer = trueClass;
        if (random.nextDouble() >= a.accuracy()) {
          answer = (trueClass + 1 + random.nextInt(classNames.size() - 1)) % classNames.size();
        }
        double leadTime = a.accuracy() < 0.8 ? 0.6 + random.nextDouble() : 3 + 6 * random.nextDouble();
        Instant done = START.plus(Duration.ofSeconds(40L * t + 10L * k));
        ObjectNode ann = anns.addObject();
        ann.put("id", annotationId++);
        ObjectNode by = ann.putObject("completed_by");
        by.put("id", a.userId());
        by.put("email", a.email());
        ObjectNode result = ann.putArray("result").addObject();
        result.put("id", "r" + t + "-" + k);
        result.put("from_name", "label");
        result.put("to_name", "image");
        result.put("type", "choices");
        result.put("origin", "manual");
        result.putObject("value").putArray("choices").add(classNames.get(answer));
        ann.put("was_cancelled", false);
        ann.put("ground_truth", false);
        ann.put("created_at", done.minusMillis((long) (leadTime * 1000)).toString());
        ann.put("updated_at", done.toString());
        ann.put("lead_time", Math.round(leadTime * 1000) / 1000.0);
      }
      out.add(task);
    }
    return out.toPrettyString();
  }
}
