package dev.datamgmt.label.weak;

import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * A labeling function: a heuristic that votes a class for an item or abstains (Snorkel's idea). Any Java function
 * over the item — a {@link dev.datamgmt.core.record.Record}, the record with its blob's bytes, a row of your own
 * type — can be one.
 *
 * <pre>{@code
 * LabelingFunction<Record> bright = LabelingFunction.of("bright-means-day",
 *     r -> ((Double) r.attributes().get("brightness")) > 0.6 ? DAY : LabelingFunction.ABSTAIN);
 * }</pre>
 *
 * @param <T> the item type
 */
public interface LabelingFunction<T> {
  /** The vote for "no opinion". */
  int ABSTAIN = -1;

  /** A stable, unique name: the annotator id of its votes. */
  String name();

  /** A class index, or {@link #ABSTAIN}. */
  int vote(T item);

  /** A labeling function from a name and a function. */
  static <T> LabelingFunction<T> of(String name, ToIntFunction<T> fn) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fn, "fn");
    return new LabelingFunction<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int vote(T item) {
        return fn.applyAsInt(item);
      }

      @Override
      public String toString() {
        return "LabelingFunction{" + name + "}";
      }
    };
  }
}
