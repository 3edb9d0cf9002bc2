package dev.datamgmt.storage.reader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ordered set of non-negative longs stored as sorted, disjoint, non-adjacent half-open intervals. Immutable.
 */
final class LongRanges {
  static final LongRanges EMPTY = new LongRanges(new long[0]);

  /** start0, end0, start1, end1, ... */
  private final long[] bounds;
  private final long size;

  private LongRanges(long[] bounds) {
    this.bounds = bounds;
    long s = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      s += bounds[i + 1] - bounds[i];
    }
    this.size = s;
  }

  static LongRanges of(long start, long end) {
    return start >= end ? EMPTY : new LongRanges(new long[] {start, end});
  }

  /** From [start, end) pairs in any order, overlapping or not. */
  static LongRanges fromPairs(List<long[]> pairs) {
    List<long[]> sorted = new ArrayList<>();
    for (long[] p : pairs) {
      if (p.length != 2 || p[0] < 0 || p[1] < p[0]) {
        throw new IllegalArgumentException("range must be [start, end) with 0 <= start <= end: " + Arrays.toString(p));
      }
      if (p[1] > p[0]) {
        sorted.add(p);
      }
    }
    sorted.sort((a, b) -> Long.compare(a[0], b[0]));
    List<Long> out = new ArrayList<>();
    for (long[] p : sorted) {
      int n = out.size();
      if (n > 0 && p[0] <= out.get(n - 1)) {
        out.set(n - 1, Math.max(out.get(n - 1), p[1]));
      } else {
        out.add(p[0]);
        out.add(p[1]);
      }
    }
    return new LongRanges(out.stream().mapToLong(Long::longValue).toArray());
  }

  static LongRanges ofValues(long[] values) {
    List<long[]> pairs = new ArrayList<>();
    for (long v : values) {
      pairs.add(new long[] {v, v + 1});
    }
    return fromPairs(pairs);
  }

  static LongRanges union(List<LongRanges> parts) {
    List<long[]> pairs = new ArrayList<>();
    for (LongRanges r : parts) {
      pairs.addAll(r.pairs());
    }
    return fromPairs(pairs);
  }

  long size() {
    return size;
  }

  List<long[]> pairs() {
    List<long[]> out = new ArrayList<>();
    for (int i = 0; i < bounds.length; i += 2) {
      out.add(new long[] {bounds[i], bounds[i + 1]});
    }
    return out;
  }

  /** The elements with ranks {@code from .. to-1} (0-based, in ascending order). */
  LongRanges slice(long from, long to) {
    List<long[]> out = new ArrayList<>();
    long seen = 0;
    for (int i = 0; i < bounds.length && seen < to; i += 2) {
      long len = bounds[i + 1] - bounds[i];
      long lo = Math.max(from, seen);
      long hi = Math.min(to, seen + len);
      if (lo < hi) {
        out.add(new long[] {bounds[i] + (lo - seen), bounds[i] + (hi - seen)});
      }
      seen += len;
    }
    return fromPairs(out);
  }

  /** The element of rank {@code k}. */
  long get(long k) {
    long seen = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      long len = bounds[i + 1] - bounds[i];
      if (k < seen + len) {
        return bounds[i] + (k - seen);
      }
      seen += len;
    }
    throw new IndexOutOfBoundsException("rank " + k + " of " + size);
  }

  /** A cursor over the elements from rank {@code k} on. */
  Cursor cursor(long k) {
    return new Cursor(k);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LongRanges r && Arrays.equals(r.bounds, bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < bounds.length; i += 2) {
      sb.append(i == 0 ? "" : ", ").append(bounds[i]).append("..").append(bounds[i + 1]);
    }
    return sb.append("]").toString();
  }

  /** Walks the elements in order without boxing. */
  final class Cursor {
    private int interval;
    private long next;

    private Cursor(long k) {
      long seen = 0;
      interval = 0;
      while (interval < bounds.length && seen + (bounds[interval + 1] - bounds[interval]) <= k) {
        seen += bounds[interval + 1] - bounds[interval];
        interval += 2;
      }
      next = interval < bounds.length ? bounds[interval] + (k - seen) : 0;
    }

    boolean hasNext() {
      return interval < bounds.length;
    }

    long next() {
      long v = next++;
      if (next >= bounds[interval + 1]) {
        interval += 2;
        if (interval < bounds.length) {
          next = bounds[interval];
        }
      }
      return v;
    }
  }
}
