package dev.datamgmt.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.TextLabel;
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

  @Property(tries = 500)
  void textLabelJson_equalsJacksons(@ForAll("texts") String text) throws Exception {
    TextLabel t = TextLabel.of(text);
    assertThat(ManifestRow.textLabelJson(t)).isEqualTo(ManifestRow.jacksonLabelJson(t));
  }

  @Property(tries = 500)
  void attributesJson_equalsJacksons(@ForAll("attributeMaps") SortedMap<String, Object> attributes)
      throws Exception {
    assertThat(ManifestRow.attributesJson(attributes)).isEqualTo(ManifestRow.jacksonAttributesJson(attributes));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> texts() {
    // any UTF-16 text (control characters, quotes, backslashes, surrogates, non-ASCII) besides typical lines
    return net.jqwik.api.Arbitraries.oneOf(net.jqwik.api.Arbitraries.strings().all().ofMaxLength(40),
        net.jqwik.api.Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(40),
        net.jqwik.api.Arbitraries.of("invoice total 12.50 EUR", "", "a\"b\\c", "\u0000\u001f\u007f\u2028\ud83d\ude00"));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<SortedMap<String, Object>> attributeMaps() {
    net.jqwik.api.Arbitrary<Object> values = net.jqwik.api.Arbitraries.oneOf(
        texts().map(v -> (Object) v),
        net.jqwik.api.Arbitraries.longs().map(v -> (Object) v),
        net.jqwik.api.Arbitraries.doubles().map(v -> (Object) v),
        net.jqwik.api.Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e-300, 1e22, 0.1f * 3.0)
            .map(v -> (Object) v),
        net.jqwik.api.Arbitraries.of(true, false).map(v -> (Object) v));
    return net.jqwik.api.Arbitraries.maps(texts(), values).ofMaxSize(5).map(m -> (SortedMap<String, Object>) new TreeMap<>(m));
  }

  @Property(tries = 300)
  void singleBlobJson_equalsJacksons(@ForAll("names") String name, @ForAll("refs") BlobRef ref) throws Exception {
    SortedMap<String, BlobRef> m = new TreeMap<>();
    m.put(name, ref);
    assertThat(ManifestRow.blobsJson(m)).isEqualTo(ManifestRow.jacksonBlobsJson(m));
  }

  @Property(tries = 300)
  void blobsJson_equalsJacksons(@ForAll("blobMaps") SortedMap<String, BlobRef> blobs) throws Exception {
    assertThat(ManifestRow.blobsJson(blobs)).isEqualTo(ManifestRow.jacksonBlobsJson(blobs));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<SortedMap<String, BlobRef>> blobMaps() {
    return net.jqwik.api.Arbitraries.maps(net.jqwik.api.Arbitraries.oneOf(names(), texts()), refs()).ofMinSize(1)
        .ofMaxSize(4).map(m -> (SortedMap<String, BlobRef>) new TreeMap<>(m));
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
