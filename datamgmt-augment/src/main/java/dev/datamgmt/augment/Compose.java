package dev.datamgmt.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Composition of operations: {@link #sequence}, {@link #oneOf} and {@link #someOf}. Each composite has a
 * probability of its own, like any operation.
 */
public final class Compose {
  private Compose() {}

  /** All of {@code ops} in order, each with its own probability. */
  public static Sequence sequence(Op... ops) {
    return new Sequence(1.0, List.of(ops));
  }

  /** Exactly one of {@code ops}, chosen uniformly, then subject to its own probability. */
  public static OneOf oneOf(Op... ops) {
    return new OneOf(1.0, List.of(ops));
  }

  /** {@code n} distinct operations of {@code ops}, chosen uniformly, applied in their listed order. */
  public static SomeOf someOf(int n, Op... ops) {
    return new SomeOf(1.0, n, List.of(ops));
  }

  private static List<Op> checkOps(String name, List<Op> ops) {
    if (ops == null || ops.isEmpty()) {
      throw new IllegalArgumentException(name + " ops must not be empty: " + ops);
    }
    for (Op op : ops) {
      if (op == null) {
        throw new IllegalArgumentException(name + " ops must not contain null: " + ops);
      }
    }
    return List.copyOf(ops);
  }

  /**
   * Applies every child in order.
   *
   * @param p probability that the sequence runs at all
   * @param ops the children
   */
  public record Sequence(double p, List<Op> ops) implements Op {
    /** Validates. */
    public Sequence {
      Op.checkP("sequence", p);
      ops = checkOps("sequence", ops);
    }

    /** The same sequence with probability {@code p}. */
    @Override
    public Sequence withP(double p) {
      return new Sequence(p, ops);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      for (Op op : ops) {
        Op.maybeSample(op, ctx, rng, out);
      }
    }
  }

  /**
   * Applies one child chosen uniformly.
   *
   * @param p probability that a child is chosen at all
   * @param ops the children
   */
  public record OneOf(double p, List<Op> ops) implements Op {
    /** Validates. */
    public OneOf {
      Op.checkP("oneOf", p);
      ops = checkOps("oneOf", ops);
    }

    /** The same choice with probability {@code p}. */
    @Override
    public OneOf withP(double p) {
      return new OneOf(p, ops);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      Op.maybeSample(ops.get(rng.nextInt(ops.size())), ctx, rng, out);
    }
  }

  /**
   * Applies {@code n} distinct children chosen uniformly, in their listed order.
   *
   * @param p probability that the children are chosen at all
   * @param n how many children, {@code 1 <= n <= ops.size()}
   * @param ops the children
   */
  public record SomeOf(double p, int n, List<Op> ops) implements Op {
    /** Validates. */
    public SomeOf {
      Op.checkP("someOf", p);
      ops = checkOps("someOf", ops);
      if (n < 1 || n > ops.size()) {
        throw new IllegalArgumentException("someOf n must be in [1, " + ops.size() + "]: " + n);
      }
    }

    /** The same choice with probability {@code p}. */
    @Override
    public SomeOf withP(double p) {
      return new SomeOf(p, n, ops);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      // Partial Fisher-Yates picks n distinct positions; sorting keeps the listed order.
      int size = ops.size();
      int[] idx = new int[size];
      for (int i = 0; i < size; i++) {
        idx[i] = i;
      }
      for (int i = 0; i < n; i++) {
        int j = i + rng.nextInt(size - i);
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
      }
      int[] chosen = java.util.Arrays.copyOf(idx, n);
      java.util.Arrays.sort(chosen);
      List<Op> picked = new ArrayList<>(n);
      for (int i : chosen) {
        picked.add(ops.get(i));
      }
      for (Op op : picked) {
        Op.maybeSample(op, ctx, rng, out);
      }
    }
  }
}
