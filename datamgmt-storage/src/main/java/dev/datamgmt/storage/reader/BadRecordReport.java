package dev.datamgmt.storage.reader;

import dev.datamgmt.core.error.DataException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What was skipped under {@link BadRecordPolicy#SKIP_AND_REPORT}: counts by problem and the first
 * {@value #MAX_EXAMPLES} messages. Thread-safe.
 */
public final class BadRecordReport {
  /** How many full messages are kept. */
  public static final int MAX_EXAMPLES = 100;

  private final TreeMap<String, Long> counts = new TreeMap<>();
  private final List<String> examples = new ArrayList<>();
  private long total;

  /** Records one skipped sample. */
  public synchronized void add(DataException problem) {
    counts.merge(problem.problem(), 1L, Long::sum);
    total++;
    if (examples.size() < MAX_EXAMPLES) {
      examples.add(problem.getMessage());
    }
  }

  /** Number of skipped samples. */
  public synchronized long total() {
    return total;
  }

  /** Skipped samples by problem ("corrupt shard", "undecodable image", "wrong label type", ...). */
  public synchronized Map<String, Long> counts() {
    return Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  /** The first messages, each naming shard and record. */
  public synchronized List<String> examples() {
    return List.copyOf(examples);
  }

  @Override
  public synchronized String toString() {
    return "BadRecordReport{total=" + total + ", counts=" + counts + "}";
  }
}
