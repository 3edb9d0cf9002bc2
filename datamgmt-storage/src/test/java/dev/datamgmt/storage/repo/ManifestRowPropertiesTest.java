package dev.datamgmt.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Arbitraries;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The hand-written JSON fast paths equal Jackson's output, and rows round-trip records. */
class ManifestRowPropertiesTest {
  @Property(tries = 300)
  void classLabelJson_equalsJacksons(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int index) throws Exception {
    ClassLabel c = ClassLabel.of(index);
    assertThat(ManifestRow.classLabelJson(c)).isEqualTo(ManifestRow.jacksonLabelJson(c));
  }

  @Property(tries = 300)
  void singleBlobJson_equalsJacksons(@ForAll("names") String name, @ForAll("refs") BlobRef ref) throws Exception {
    SortedMap<String, BlobRef> m = new TreeMap<>();
    m.put(name, ref);
    assertThat(ManifestRow.blobsJson(m)).isEqualTo(ManifestRow.jacksonBlobsJson(m));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> names() {
    return net.jqwik.api.Arbitraries.oneOf(net.jqwik.api.Arbitraries.of("data", "mask", "a\"b", "tab\there", "é"),
        net.jqwik.api.Arbitraries.strings().ofMinLength(1).ofMaxLength(10));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<BlobRef> refs() {
    return net.jqwik.api.Combinators.combine(Arbitraries.hashes(), net.jqwik.api.Arbitraries.longs().between(0, Long.MAX_VALUE),
            net.jqwik.api.Arbitraries.of("image/png", "text/plain; charset=\"utf-8\"", "a/b;q=\\\\x", "a/b;q=é"))
        .as(BlobRef::new);
  }

  @Property(tries = 300)
  void row_roundTripsAnyRecord(@ForAll("records") Record r) throws Exception {
    assertThat(ManifestRow.of(r).decode("test")).isEqualTo(r);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Record> records() {
    return Arbitraries.records();
  }
}
