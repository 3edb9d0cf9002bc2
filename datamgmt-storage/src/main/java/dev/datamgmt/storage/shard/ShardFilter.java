package dev.datamgmt.storage.shard;

import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.io.api.Binary;

/**
 * Which records to read: by split, by class and by attribute value; empty criteria match everything.
 *
 * <p>Split and class criteria are answered from the {@link ShardInfo#counts() counts} in the shard set (a
 * shard with no matching record is never fetched) and pushed down to Parquet as a row-group predicate
 * (statistics and dictionary filtering). Attribute criteria go to the shard's typed
 * {@link ShardSchema#ATTRIBUTES attribute columns} when it has one for the key (a row-group predicate, then a
 * per-row check on that column alone), else they are evaluated on the parsed {@code record_json}. The shard
 * set does not count attribute values, so a filter with attribute criteria opens every shard once to plan an
 * epoch (reading only the small columns when every criterion has its column).
 */
public final class ShardFilter {
  private static final ShardFilter ALL = builder().build();

  private final Set<String> splits;
  private final Set<Integer> classes;
  private final SortedMap<String, Object> attributes;

  private ShardFilter(Builder b) {
    this.splits = Set.copyOf(b.splits);
    this.classes = Set.copyOf(b.classes);
    this.attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(b.attributes));
  }

  /** Matches every record. */
  public static ShardFilter all() {
    return ALL;
  }

  /** Starts a filter. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the filter keeps everything. */
  public boolean isAll() {
    return splits.isEmpty() && classes.isEmpty() && attributes.isEmpty();
  }

  /** Whether the filter has attribute criteria (which the shard set's counts cannot answer). */
  public boolean needsRecord() {
    return !attributes.isEmpty();
  }

  /** Whether a shard with these attribute columns must parse {@code record_json} to apply the filter. */
  boolean needsRecord(Map<String, Class<?>> attributeColumns) {
    for (String k : attributes.keySet()) {
      if (!attributeColumns.containsKey(k)) {
        return true;
      }
    }
    return false;
  }

  /** The attribute criteria that a shard with these attribute columns answers from its columns. */
  SortedMap<String, Object> columnCriteria(Map<String, Class<?>> attributeColumns) {
    SortedMap<String, Object> out = new TreeMap<>();
    attributes.forEach((k, v) -> {
      if (attributeColumns.containsKey(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Whether a row with this split and class index ({@code -1} for none) passes the split and class criteria. */
  public boolean matches(String split, int classIndex) {
    return (splits.isEmpty() || splits.contains(split)) && (classes.isEmpty() || classes.contains(classIndex));
  }

  /** Whether a record passes every criterion. */
  public boolean matches(Record r) {
    int c = r.label().filter(l -> l instanceof dev.datamgmt.core.label.ClassLabel)
        .map(l -> ((dev.datamgmt.core.label.ClassLabel) l).index()).orElse(-1);
    if (!matches(r.split().name(), c)) {
      return false;
    }
    for (Map.Entry<String, Object> a : attributes.entrySet()) {
      if (!a.getValue().equals(r.attributes().get(a.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The number of records of {@code shard} that pass, from its counts, or -1 if attribute criteria make that
   * unknowable without reading it.
   */
  public int count(ShardInfo shard) {
    if (needsRecord()) {
      return -1;
    }
    int n = 0;
    for (Map.Entry<String, SortedMap<String, Integer>> s : shard.counts().entrySet()) {
      for (Map.Entry<String, Integer> c : s.getValue().entrySet()) {
        int cls = c.getKey().equals(ShardInfo.NO_CLASS) ? -1 : Integer.parseInt(c.getKey());
        if (matches(s.getKey(), cls)) {
          n += c.getValue();
        }
      }
    }
    return n;
  }

  /**
   * The split, class and column-backed attribute criteria as a Parquet row-group predicate, or null when there
   * are none. An attribute criterion whose value type differs from its column's matches no row; it is left
   * to the per-row check rather than expressed here.
   */
  FilterPredicate pushdown(Map<String, Class<?>> attributeColumns) {
    FilterPredicate p = null;
    if (!splits.isEmpty()) {
      FilterPredicate any = null;
      for (String s : new TreeSet<>(splits)) {
        FilterPredicate eq = FilterApi.eq(FilterApi.binaryColumn(ShardSchema.SPLIT), Binary.fromString(s));
        any = any == null ? eq : FilterApi.or(any, eq);
      }
      p = any;
    }
    if (!classes.isEmpty()) {
      FilterPredicate any = null;
      for (int c : new TreeSet<>(classes)) {
        FilterPredicate eq = c < 0
            ? FilterApi.eq(FilterApi.intColumn(ShardSchema.LABEL_CLASS), (Integer) null)
            : FilterApi.eq(FilterApi.intColumn(ShardSchema.LABEL_CLASS), c);
        any = any == null ? eq : FilterApi.or(any, eq);
      }
      p = p == null ? any : FilterApi.and(p, any);
    }
    for (Map.Entry<String, Object> a : attributes.entrySet()) {
      Class<?> type = attributeColumns.get(a.getKey());
      if (type == null || type != a.getValue().getClass()) {
        continue;
      }
      String path = ShardSchema.ATTRIBUTES + "." + a.getKey();
      Object v = a.getValue();
      FilterPredicate eq;
      if (v instanceof String t) {
        eq = FilterApi.eq(FilterApi.binaryColumn(path), Binary.fromString(t));
      } else if (v instanceof Long t) {
        eq = FilterApi.eq(FilterApi.longColumn(path), t);
      } else if (v instanceof Double t) {
        eq = FilterApi.eq(FilterApi.doubleColumn(path), t);
      } else {
        eq = FilterApi.eq(FilterApi.booleanColumn(path), (Boolean) v);
      }
      p = p == null ? eq : FilterApi.and(p, eq);
    }
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShardFilter f && f.splits.equals(splits) && f.classes.equals(classes)
        && f.attributes.equals(attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(splits, classes, attributes);
  }

  @Override
  public String toString() {
    return "ShardFilter{splits=" + new TreeSet<>(splits) + ", classes=" + new TreeSet<>(classes)
        + ", attributes=" + attributes + "}";
  }

  /** Builds a {@link ShardFilter}; every {@code add*} widens its own criterion (OR) and narrows the filter (AND). */
  public static final class Builder {
    private final Set<String> splits = new TreeSet<>();
    private final Set<Integer> classes = new TreeSet<>();
    private final TreeMap<String, Object> attributes = new TreeMap<>();

    private Builder() {}

    /** Keeps records of this split (any of the added splits). */
    public Builder addSplit(Split split) {
      splits.add(split.name());
      return this;
    }

    /** Keeps records with this class index (any of the added ones); {@code -1} means "no class label". */
    public Builder addClass(int classIndex) {
      if (classIndex < -1) {
        throw new IllegalArgumentException("class index must be >= -1: " + classIndex);
      }
      classes.add(classIndex);
      return this;
    }

    /** Keeps records whose attribute {@code name} equals {@code value} (String, Long, Double or Boolean). */
    public Builder addAttribute(String name, Object value) {
      Object v = value instanceof Integer i ? (Object) i.longValue() : value;
      if (!(v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean)) {
        throw new IllegalArgumentException("attribute filter value must be String, Long, Double or Boolean: "
            + (value == null ? "null" : value.getClass().getName()));
      }
      Object previous = attributes.putIfAbsent(Objects.requireNonNull(name, "name"), v);
      if (previous != null && !previous.equals(v)) {
        throw new IllegalStateException("attribute " + name + " filter was already set to " + previous);
      }
      return this;
    }

    /** Builds the filter. */
    public ShardFilter build() {
      return new ShardFilter(this);
    }
  }
}
