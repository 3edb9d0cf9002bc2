package dev.datamgmt.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.augment.audio.AudioOps;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.Interpolation;
import dev.datamgmt.augment.table.TableOps;
import dev.datamgmt.augment.text.TextOps;
import dev.datamgmt.core.error.UnsupportedFormatException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** A pipeline saved as JSON and loaded elsewhere is equal and draws identical parameters. */
class PipelineJsonPropertiesTest {

  @Provide
  Arbitrary<Op> leafOps() {
    Arbitrary<Double> prob = Arbitraries.doubles().between(0, 1);
    Arbitrary<Double> small = Arbitraries.doubles().between(0, 0.45);
    return Arbitraries.oneOf(
        prob.map(ImageOps::horizontalFlip),
        prob.map(ImageOps::verticalFlip),
        Combinators.combine(prob, Arbitraries.doubles().between(0, 180))
            .as((p, d) -> new ImageOps.Rotate(p, d, Interpolation.NEAREST, 0.5)),
        Combinators.combine(prob, Arbitraries.of(dev.datamgmt.augment.image.BorderMode.class))
            .as((p, b) -> ImageOps.affine(10, 0.1, 0.9, 1.1, 5).withBorder(b).withP(p)),
        Combinators.combine(prob, Arbitraries.of(dev.datamgmt.augment.image.BorderMode.class))
            .as((p, b) -> new ImageOps.Perspective(p, 0.3, Interpolation.BILINEAR, 0, b)),
        Combinators.combine(Arbitraries.doubles().between(0, 45), small, Arbitraries.doubles().between(0.5, 1),
            Arbitraries.doubles().between(1, 2), Arbitraries.doubles().between(0, 30))
            .as(ImageOps::affine),
        Combinators.combine(prob, small).as(ImageOps::perspective),
        Arbitraries.integers().between(8, 64).map(s -> ImageOps.randomResizedCrop(s, s, 0.2, 1)),
        Arbitraries.integers().between(0, 8).map(p -> ImageOps.padCrop(32, 32, p)),
        Combinators.combine(prob, Arbitraries.integers().between(2, 8), small).as(ImageOps::gridDistortion),
        Combinators.combine(prob, Arbitraries.integers().between(1, 640), Arbitraries.integers().between(1, 640),
            Arbitraries.of(Interpolation.class), Arbitraries.of(true, false)).as(ImageOps.Resize::new),
        Combinators.combine(prob, Arbitraries.integers().between(1, 640), Arbitraries.of(Interpolation.class),
            Arbitraries.of(true, false)).as(ImageOps.LongestMaxSize::new),
        Combinators.combine(prob, Arbitraries.integers().between(1, 640), Arbitraries.of(Interpolation.class),
            Arbitraries.of(true, false)).as(ImageOps.SmallestMaxSize::new),
        Combinators.combine(prob, Arbitraries.integers().between(1, 640), Arbitraries.integers().between(1, 640),
            Arbitraries.of(ImageOps.PadPosition.class), Arbitraries.doubles().between(0, 1)).as(ImageOps.PadIfNeeded::new),
        Arbitraries.integers().between(1, 100).map(s -> ImageOps.centerCrop(s, s + 3)),
        prob.map(ImageOps::randomRotate90),
        prob.map(ImageOps::transpose),
        prob.map(p -> ImageOps.randomSizedBBoxSafeCrop(32, 24, 0.1).withP(p)),
        prob.map(p -> new ImageOps.AtLeastOneBBoxRandomCrop(p, 16, 20, 0.25, 0.5)),
        Arbitraries.doubles().between(0, 1).map(lo -> ImageOps.brightness(lo, lo + 0.5)),
        Arbitraries.doubles().between(0, 1).map(lo -> ImageOps.contrast(lo, lo + 0.5)),
        Arbitraries.doubles().between(0, 1).map(lo -> ImageOps.saturation(lo, lo + 0.5)),
        Arbitraries.doubles().between(0, 0.5).map(ImageOps::hue),
        Arbitraries.doubles().between(0.2, 1).map(lo -> ImageOps.gamma(lo, lo + 1)),
        prob.map(ImageOps::grayscale),
        prob.map(ImageOps::invert),
        prob.map(p -> ImageOps.hueSaturationValue(p, 40, 30 / 255.0, 20 / 255.0)),
        Combinators.combine(prob, Arbitraries.integers().between(1, 4), Arbitraries.integers().between(0, 30))
            .as((p, n, m) -> ImageOps.randAugment(n, m).withP(p)),
        prob.map(p -> ImageOps.trivialAugmentWide().withP(p)),
        prob.map(p -> ImageOps.autoAugmentImageNet().withP(p)),
        prob.map(p -> ImageOps.posterize(p, 2, 6)),
        prob.map(p -> ImageOps.solarize(p, 0.3, 1)),
        prob.map(ImageOps::autoContrast),
        prob.map(ImageOps::equalize),
        prob.map(p -> ImageOps.sharpness(p, 0.1, 1.9)),
        prob.map(p -> ImageOps.colorJitter(0.4, 0.4, 0.4, 0.1).withP(p)),
        prob.map(p -> ImageOps.gaussianNoise(p, 0, 0.2)),
        prob.map(p -> ImageOps.gaussianBlur(p, 0.1, 3)),
        prob.map(p -> ImageOps.jpegQuality(p, 5, 95)),
        prob.map(p -> ImageOps.pixelate(p, 1, 8)),
        prob.map(p -> ImageOps.randomErasing(p, 0.02, 0.3)),
        Arbitraries.just(ImageOps.normalizeImageNet()),
        prob.map(p -> ImageOps.mixup(p, 0.4)),
        prob.map(p -> ImageOps.cutMix(p, 1)),
        prob.map(p -> ImageOps.randomScale(0.5, 1.5).withP(p)),
        prob.map(p -> ImageOps.augMix().withP(p)),
        prob.map(ImageOps::mosaic),
        prob.map(p -> ImageOps.copyPaste(p, 0.5)),
        prob.map(ImageOps::isoNoise),
        prob.map(p -> ImageOps.elasticTransform(p, 4, 12)),
        prob.map(p -> ImageOps.opticalDistortion(p, 0.08, 0.05)),
        prob.map(p -> ImageOps.randomIoUCrop().withP(p)),
        Combinators.combine(prob, Arbitraries.of(true, false))
            .as((p, r) -> new ImageOps.CoarseDropout(p, 1, 8, 0.05, 0.2, 0.5, r)),
        Combinators.combine(prob, Arbitraries.of(true, false))
            .as((p, r) -> new ImageOps.GridDropout(p, 0.4, 4, 12, r, 0)),
        prob.map(p -> ImageOps.rgbShift(p, 20 / 255.0)),
        prob.map(ImageOps::channelShuffle),
        prob.map(p -> ImageOps.motionBlur(p, 3, 9)),
        prob.map(p -> ImageOps.defocus(p, 1, 4)),
        prob.map(p -> ImageOps.medianBlur(p, 3, 7)),
        prob.map(p -> ImageOps.clahe(p, 4)),
        Combinators.combine(prob, Arbitraries.of(true, false))
            .as((p, c) -> ImageOps.multiplicativeNoise(p, 0.9, 1.1, c)),
        prob.map(p -> AudioOps.speed(p, 0.9, 1.1)),
        prob.map(p -> AudioOps.timeStretch(p, 0.8, 1.25)),
        prob.map(p -> AudioOps.silence(p, 0, 0.5)),
        prob.map(p -> AudioOps.gain(p, -6, 6)),
        prob.map(p -> AudioOps.noise(p, 5, 30)),
        prob.map(p -> AudioOps.shift(p, 0.2)),
        prob.map(p -> AudioOps.pitchShift(p, -4, 4)),
        prob.map(p -> AudioOps.backgroundNoise(p, 3, 30)),
        prob.map(AudioOps::impulseResponse),
        prob.map(p -> AudioOps.loudnessNormalization(p, -31, -13)),
        prob.map(AudioOps::polarityInversion),
        prob.map(p -> AudioOps.clippingDistortion(p, 0, 40)),
        prob.map(p -> AudioOps.lowPass(p, 150, 7500)),
        prob.map(p -> AudioOps.bandStop(p, 200, 4000, 0.5, 1.99)),
        prob.map(p -> AudioOps.timeMask(p, 0.2)),
        prob.map(p -> AudioOps.frequencyMask(p, 0.2)),
        prob.map(p -> TextOps.wordDeletion(p, 0.1)),
        prob.map(p -> TextOps.wordSwap(p, 3)),
        prob.map(p -> TextOps.wordInsertion(p, 2, List.of("alpha", "beta"))),
        prob.map(p -> TextOps.charNoise(p, 0.05)),
        prob.map(p -> TextOps.keyboardTypos(p, 0.05)),
        prob.map(p -> TextOps.ocrErrors(p, 0.05)),
        prob.map(p -> TextOps.synonymReplacement(p, 0.2)),
        prob.map(p -> TextOps.spanCrop(p, 0.5, 1)),
        prob.map(p -> TableOps.featureMasking(p, 0.1)),
        prob.map(p -> new TableOps.NumericNoise(p, 0.3, List.of(0, 2))),
        prob.map(p -> TableOps.scaledNoise(p, 0.2)),
        prob.map(p -> new TableOps.CategoricalPerturbation(p, 0.1, List.of(1, 3))),
        prob.map(p -> TableOps.tableMixup(p, 0.4)),
        prob.map(p -> TableOps.swapNoise(p, 0.15)));
  }

  @Provide
  Arbitrary<Op> ops() {
    Arbitrary<Op> leaf = leafOps();
    Arbitrary<List<Op>> lists = leaf.list().ofMinSize(1).ofMaxSize(4);
    return Arbitraries.oneOf(
        leaf,
        lists.map(l -> Compose.sequence(l.toArray(Op[]::new))),
        Combinators.combine(lists, Arbitraries.doubles().between(0, 1))
            .as((l, p) -> (Op) Compose.oneOf(l.toArray(Op[]::new)).withP(p)),
        lists.map(l -> Compose.someOf(Math.max(1, l.size() / 2), l.toArray(Op[]::new))));
  }

  @Provide
  Arbitrary<List<Op>> opLists() {
    return ops().list().ofMinSize(0).ofMaxSize(5);
  }

  @Property(tries = 200)
  void pipeline_roundTripsThroughJson_andDrawsIdenticalParams(
      @ForAll("opLists") List<Op> ops, @ForAll long seed, @ForAll @IntRange(min = 0, max = 50) int epoch,
      @ForAll @IntRange(min = 0, max = 100_000) int index) throws Exception {
    Pipeline p = Pipeline.builder().setSeed(seed).addAll(ops).build();
    String json = p.toJson();
    Pipeline loaded = Pipeline.fromJson(json);
    assertThat(loaded).isEqualTo(p);
    assertThat(loaded.toJson()).isEqualTo(json);
    AugmentParams a = p.sample(epoch, index, 64, 48);
    AugmentParams b = loaded.sample(epoch, index, 64, 48);
    assertThat(b.toJson()).isEqualTo(a.toJson());
    assertThat(AugmentParams.fromJson(a.toJson()).toJson()).isEqualTo(a.toJson());
  }

  @Property(tries = 100)
  void params_dependOnSeedEpochAndIndexOnly(
      @ForAll("opLists") List<Op> ops, @ForAll @IntRange(min = 0, max = 100_000) int index) {
    Pipeline p = Pipeline.builder().setSeed(99).addAll(ops).build();
    AugmentParams first = p.sample(2, index, 64, 48);
    // Drawing other samples in between (as another thread or batch would) must not change this one.
    for (int other = 0; other < 5; other++) {
      p.sample(2, index + other + 1, 64, 48);
    }
    assertThat(p.sample(2, index, 64, 48).toJson()).isEqualTo(first.toJson());
  }

  @Test
  void pipelineJson_hasTheDocumentedShape() {
    Pipeline p = Pipeline.builder().setSeed(42).add(ImageOps.horizontalFlip(0.5)).build();
    assertThat(p.toJson()).isEqualTo("{\"formatVersion\":1,\"ops\":[{\"op\":\"horizontalFlip\",\"p\":0.5}],\"seed\":42}");
  }

  @Test
  void formatMdExamples_readAndWriteBackUnchanged() throws Exception {
    String pipeline = "{\"formatVersion\":1,\"ops\":[{\"op\":\"horizontalFlip\",\"p\":0.5},{\"op\":\"affine\","
        + "\"fill\":0.0,\"interpolation\":\"BILINEAR\",\"maxDegrees\":15.0,\"maxScale\":1.1,\"maxShearDegrees\":10.0,"
        + "\"maxTranslate\":0.1,\"minScale\":0.9,\"p\":1.0}],\"seed\":42}";
    assertThat(Pipeline.fromJson(pipeline).toJson()).isEqualTo(pipeline);
    String params = "{\"epoch\":3,\"height\":224,\"index\":17,\"seed\":42,\"steps\":[{\"step\":\"warp\",\"fill\":0.0,"
        + "\"interpolation\":\"NEAREST\",\"matrix\":[-1.0,0.0,224.0,0.0,1.0,0.0,0.0,0.0,1.0],\"outHeight\":224,"
        + "\"outWidth\":224},{\"step\":\"brightness\",\"factor\":1.21}],\"width\":224}";
    assertThat(AugmentParams.fromJson(params).toJson()).isEqualTo(params);
  }

  @Test
  void fromJson_withUnknownOp_failsWithUnsupportedFormat() {
    assertThatThrownBy(() -> Pipeline.fromJson("{\"formatVersion\":1,\"ops\":[{\"op\":\"teleport\",\"p\":1}],\"seed\":1}"))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("teleport");
  }

  @Test
  void fromJson_withInvalidSetting_namesTheSetting() {
    assertThatThrownBy(() -> Pipeline.fromJson("{\"formatVersion\":1,\"ops\":[{\"op\":\"horizontalFlip\",\"p\":1.5}],\"seed\":1}"))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("horizontalFlip probability p must be in [0, 1]: 1.5");
  }

  @Test
  void fromJson_withFutureVersion_isRejected() {
    assertThatThrownBy(() -> Pipeline.fromJson("{\"formatVersion\":2,\"ops\":[],\"seed\":1}"))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("expected formatVersion 1, found formatVersion 2");
  }

  @Test
  void fromJson_withTruncatedText_isRejected() {
    assertThatThrownBy(() -> Pipeline.fromJson("{\"formatVersion\":1,\"ops\":[{\"op\":"))
        .isInstanceOf(UnsupportedFormatException.class);
  }

  @Test
  void builder_withoutSeed_namesTheMissingSetting() {
    assertThatThrownBy(() -> Pipeline.builder().add(ImageOps.grayscale(1)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("setSeed");
  }

  @Test
  void someOf_drawsExactlyNDistinctOps() {
    Pipeline p = Pipeline.builder().setSeed(1)
        .add(Compose.someOf(2, ImageOps.brightness(2, 2), ImageOps.contrast(2, 2), ImageOps.gamma(2, 2))).build();
    for (int i = 0; i < 50; i++) {
      List<Step> steps = p.sample(0, i, 8, 8).steps();
      assertThat(steps).hasSize(2);
      assertThat(steps.stream().map(Object::getClass).distinct()).hasSize(2);
    }
  }

  @Test
  void opProbability_isHonouredOverManySamples() {
    Pipeline p = Pipeline.builder().setSeed(1).add(ImageOps.horizontalFlip(0.3)).build();
    int applied = 0;
    for (int i = 0; i < 4000; i++) {
      applied += p.sample(0, i, 8, 8).steps().size();
    }
    assertThat(applied / 4000.0).isBetween(0.27, 0.33);
  }
}
