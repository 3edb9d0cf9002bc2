package dev.datamgmt.core.record;

import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Keypoint;
import dev.datamgmt.core.label.KeypointsLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.MaskLabel;
import dev.datamgmt.core.label.MultiLabel;
import dev.datamgmt.core.label.TextLabel;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for the core vocabulary, shared by every module's property tests. */
public final class Arbitraries {
  private Arbitraries() {}

  /** Any content hash. */
  public static Arbitrary<ContentHash> hashes() {
    return net.jqwik.api.Arbitraries.bytes().array(byte[].class).ofSize(32).map(ContentHash::ofDigest);
  }

  /** Any blob reference. */
  public static Arbitrary<BlobRef> blobRefs() {
    return Combinators.combine(hashes(), net.jqwik.api.Arbitraries.longs().between(0, 1L << 40),
            net.jqwik.api.Arbitraries.of("image/png", "image/jpeg", "audio/wav", "application/octet-stream"))
        .as(BlobRef::new);
  }

  private static Arbitrary<Double> coord() {
    return net.jqwik.api.Arbitraries.doubles().between(-1e4, 1e4);
  }

  /** Any box. */
  public static Arbitrary<Box> boxes() {
    return Combinators.combine(coord(), coord(), net.jqwik.api.Arbitraries.doubles().between(0, 1e4),
            net.jqwik.api.Arbitraries.doubles().between(0, 1e4), net.jqwik.api.Arbitraries.integers().between(0, 999))
        .as((x, y, w, h, c) -> new Box(x, y, x + w, y + h, c));
  }

  /** Any label of any kind. */
  public static Arbitrary<Label> labels() {
    Arbitrary<Label> cls = net.jqwik.api.Arbitraries.integers().between(0, 10_000).map(ClassLabel::new);
    Arbitrary<Label> multi = net.jqwik.api.Arbitraries.integers().between(0, 1000).list().ofMaxSize(8).map(MultiLabel::new);
    Arbitrary<Label> boxes = boxes().list().ofMaxSize(6).map(BoxesLabel::new);
    Arbitrary<Keypoint> kp = Combinators.combine(coord(), coord(), net.jqwik.api.Arbitraries.integers().between(0, 2)).as(Keypoint::new);
    Arbitrary<Label> kps = Combinators.combine(kp.list().ofMaxSize(17), net.jqwik.api.Arbitraries.integers().between(-1, 50))
        .as(KeypointsLabel::new);
    Arbitrary<Label> mask = Combinators.combine(blobRefs(), net.jqwik.api.Arbitraries.integers().between(1, 4096),
            net.jqwik.api.Arbitraries.integers().between(1, 4096)).as(MaskLabel::new);
    Arbitrary<Label> text = net.jqwik.api.Arbitraries.strings().ofMaxLength(40).map(TextLabel::new);
    return net.jqwik.api.Arbitraries.oneOf(cls, multi, boxes, kps, mask, text);
  }

  /** Any attribute value, already in normalized form (String, Long, Double, Boolean). */
  public static Arbitrary<Object> attributeValues() {
    return net.jqwik.api.Arbitraries.oneOf(
        net.jqwik.api.Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
        net.jqwik.api.Arbitraries.longs().map(l -> (Object) l),
        net.jqwik.api.Arbitraries.doubles().between(-1e12, 1e12).map(d -> (Object) d),
        net.jqwik.api.Arbitraries.of(true, false).map(b -> (Object) b));
  }

  /** Any record. */
  public static Arbitrary<Record> records() {
    Arbitrary<String> ids = net.jqwik.api.Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(30);
    Arbitrary<Map<String, BlobRef>> blobs =
        net.jqwik.api.Arbitraries.maps(net.jqwik.api.Arbitraries.of("data", "mask", "depth", "audio"), blobRefs()).ofMaxSize(3);
    Arbitrary<Map<String, Object>> attrs =
        net.jqwik.api.Arbitraries.maps(net.jqwik.api.Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), attributeValues())
            .ofMaxSize(4);
    Arbitrary<Split> splits = net.jqwik.api.Arbitraries.of(List.of(Split.TRAIN, Split.TEST, Split.VALIDATION, Split.NONE, Split.of("holdout")));
    return Combinators.combine(ids, blobs, labels().injectNull(0.2), attrs, splits)
        .as((id, b, label, a, split) -> {
          Record.Builder rb = Record.builder(id).optLabel(label).optSplit(split);
          b.forEach(rb::addBlob);
          a.forEach(rb::addAttribute);
          return rb.build();
        });
  }
}
