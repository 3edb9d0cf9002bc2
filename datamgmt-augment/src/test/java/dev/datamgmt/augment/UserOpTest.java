package dev.datamgmt.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.device.DeviceBatch;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Interpolation;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.label.Box;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** An application's own operation: registered by name, round-tripped through JSON, replayed, run on both backends. */
class UserOpTest {
  /** A user geometric op: horizontal shear about the image centre, emitted as a built-in warp. */
  public record ShearX(double p, double maxShear) implements Op {
    /** Validates. */
    public ShearX {
      Op.checkP("myShearX", p);
      if (!(maxShear >= 0 && maxShear <= 1)) {
        throw new IllegalArgumentException("myShearX maxShear must be in [0, 1]: " + maxShear);
      }
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("myShearX");
      double s = maxShear * (2 * rng.nextDouble() - 1);
      double[] m = {1, s, -s * ctx.height() / 2.0, 0, 1, 0, 0, 0, 1};
      out.add(new ImageSteps.Warp(m, ctx.width(), ctx.height(), Interpolation.BILINEAR, 0));
    }
  }

  /** A type nobody registered. */
  record Unregistered(double p) implements Op {
    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {}
  }

  @Test
  void userOp_roundTripsThroughJson_replays_andMovesBoxesOnBothBackends() throws Exception {
    OpRegistry.register("myShearX", ShearX.class);
    OpRegistry.register("myShearX", ShearX.class); // idempotent
    Pipeline p = Pipeline.builder().setSeed(3)
        .add(ImageOps.horizontalFlip(0.5))
        .add(new ShearX(1, 0.4))
        .add(Compose.oneOf(new TestOpProvider.Jitter(1, 0.3), ImageOps.gamma(0.8, 1.2)))
        .build();
    String json = p.toJson();
    assertThat(json).contains("\"op\":\"myShearX\"").contains("\"op\":\"testJitter\"");
    Pipeline back = Pipeline.fromJson(json);
    assertThat(back).isEqualTo(p);
    assertThat(back.toJson()).isEqualTo(json);

    int n = 4, w = 24, h = 20;
    List<ImageSample> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      samples.add(ImageSample.of("s" + i, TestImages.floats(3, h, w, i))
          .withBoxes(List.of(new Box(4, 3, 14, 12, 1)), BoxFormat.PIXEL_XYXY));
    }
    long[] idx = {5, 6, 7, 8};
    List<ImageSample> cpu, cpuBack;
    try (CpuAugmenter a = CpuAugmenter.builder().setPipeline(p).build();
        CpuAugmenter b = CpuAugmenter.builder().setPipeline(back).build()) {
      cpu = a.applyBatch(samples, 1, idx);
      cpuBack = b.applyBatch(samples, 1, idx);
      for (int i = 0; i < n; i++) {
        assertThat(cpuBack.get(i).image().floatArray()).containsExactly(cpu.get(i).image().floatArray());
        AugmentParams recorded = AugmentParams.fromJson(p.sample(1, idx[i], w, h).toJson());
        assertThat(a.replay(samples.get(i), recorded).image().floatArray())
            .containsExactly(cpu.get(i).image().floatArray());
      }
    }
    boolean sheared = false;
    for (ImageSample s : cpu) {
      sheared |= !s.boxes().get(0).equals(new Box(4, 3, 14, 12, 1));
    }
    assertThat(sheared).as("the user op moved some box").isTrue();
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] px = new float[n * 3 * h * w];
      for (int i = 0; i < n; i++) {
        System.arraycopy(samples.get(i).image().toFloatChw(), 0, px, i * 3 * h * w, 3 * h * w);
      }
      DeviceBatch out = DeviceAugmenter.of(back).apply(DeviceBatch.builder()
          .setImages(manager.create(px, new Shape(n, 3, h, w)))
          .optBoxes(samples.stream().map(ImageSample::boxes).toList(), BoxFormat.PIXEL_XYXY).build(), 1, idx);
      float[] dev = out.images().toFloatArray();
      for (int i = 0; i < n; i++) {
        assertThat(out.boxes().get(i)).isEqualTo(cpu.get(i).boxes());
        float[] e = cpu.get(i).image().toFloatChw();
        for (int k = 0; k < e.length; k++) {
          assertThat((double) Math.abs(dev[i * e.length + k] - e[k])).isLessThan(2e-3);
        }
      }
    }
  }

  @Test
  void providerOp_isKnownWithoutRegistering() throws Exception {
    assertThat(OpRegistry.names()).contains("testJitter", "affine");
    Pipeline p = Pipeline.fromJson(
        "{\"formatVersion\":1,\"ops\":[{\"op\":\"testJitter\",\"p\":0.5,\"strength\":0.2}],\"seed\":9}");
    assertThat(p.ops()).containsExactly(new TestOpProvider.Jitter(0.5, 0.2));
  }

  @Test
  void unregisteredOrClashingOps_areRejectedWithAHint() {
    Pipeline p = Pipeline.builder().setSeed(1).add(new Unregistered(1)).build();
    assertThatThrownBy(p::toJson).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OpRegistry.register");
    assertThatThrownBy(() -> OpRegistry.register("affine", Unregistered.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("built-in");
    assertThatThrownBy(() -> OpRegistry.register("testJitter", Unregistered.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
    assertThatThrownBy(() -> Pipeline.fromJson(
            "{\"formatVersion\":1,\"ops\":[{\"op\":\"noSuchOp\",\"p\":0.5}],\"seed\":9}"))
        .isInstanceOf(UnsupportedFormatException.class);
    assertThatThrownBy(() -> Pipeline.fromJson(
            "{\"formatVersion\":1,\"ops\":[{\"op\":\"testJitter\",\"p\":0.5,\"strength\":3}],\"seed\":9}"))
        .isInstanceOf(UnsupportedFormatException.class);
  }
}
