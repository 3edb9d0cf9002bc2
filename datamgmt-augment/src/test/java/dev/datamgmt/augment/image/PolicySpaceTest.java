package dev.datamgmt.augment.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.Step;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RandAugment and TrivialAugmentWide have torchvision's operation lists and magnitude bins: the expected values are
 * what torchvision 0.14.1's own {@code _augmentation_space} printed (src/test/resources, command in its header).
 */
class PolicySpaceTest {

  private static List<Policies.SpaceOp> torchvision(String prefix) throws Exception {
    return torchvision(prefix, "/torchvision-autoaugment-space.txt");
  }

  private static List<String> lines(String resource, String prefix) throws Exception {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        PolicySpaceTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith(prefix + " ")) {
          out.add(line.substring(prefix.length() + 1));
        }
      }
    }
    return out;
  }

  private static List<Policies.SpaceOp> torchvision(String prefix, String resource) throws Exception {
    List<Policies.SpaceOp> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        PolicySpaceTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.startsWith(prefix + " ")) {
          continue;
        }
        String[] parts = line.split(" ", 4);
        String list = parts[3].replace("[", "").replace("]", "").trim();
        List<Double> mags = new ArrayList<>();
        if (!list.isEmpty()) {
          for (String v : list.split(",")) {
            mags.add(Double.parseDouble(v.trim()));
          }
        }
        out.add(new Policies.SpaceOp(parts[1], mags, Boolean.parseBoolean(parts[2].toLowerCase())));
      }
    }
    return out;
  }

  private static void assertSameSpace(List<Policies.SpaceOp> ours, List<Policies.SpaceOp> theirs) {
    assertThat(ours).extracting(Policies.SpaceOp::name).containsExactlyElementsOf(
        theirs.stream().map(Policies.SpaceOp::name).toList());
    for (int i = 0; i < ours.size(); i++) {
      Policies.SpaceOp a = ours.get(i), b = theirs.get(i);
      assertThat(a.signed()).as(a.name()).isEqualTo(b.signed());
      assertThat(a.magnitudes()).as(a.name()).hasSameSizeAs(b.magnitudes());
      for (int k = 0; k < a.magnitudes().size(); k++) {
        // torchvision's values are float32: equal to ours within float32 rounding.
        double want = b.magnitudes().get(k);
        assertThat(a.magnitudes().get(k)).as("%s bin %d", a.name(), k)
            .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(want))));
      }
    }
  }

  @Test
  void randAugmentSpace_isTorchvisions() throws Exception {
    List<Policies.SpaceOp> theirs = torchvision("RA");
    assertThat(theirs).hasSize(14);
    assertSameSpace(Policies.randAugmentSpace(31, 224, 200), theirs);
  }

  @Test
  void trivialAugmentWideSpace_isTorchvisions() throws Exception {
    List<Policies.SpaceOp> theirs = torchvision("TA");
    assertThat(theirs).hasSize(14);
    assertSameSpace(Policies.trivialAugmentWideSpace(31), theirs);
  }

  @Test
  void augMixSpace_isTorchvisions() throws Exception {
    List<Policies.SpaceOp> all = torchvision("AM", "/torchvision-augmix-space.txt");
    List<Policies.SpaceOp> basic = torchvision("AMB", "/torchvision-augmix-space.txt");
    assertThat(all).hasSize(13);
    assertThat(basic).hasSize(9);
    assertSameSpace(Policies.augMixSpace(224, 200, true), all);
    assertSameSpace(Policies.augMixSpace(224, 200, false), basic);
  }

  @Test
  void augMix_drawsWeightsSummingToOneAndChainsOfDepthOneToThreeFromTheSeverityBins() {
    Pipeline p = Pipeline.builder().setSeed(7).add(ImageOps.augMix()).build();
    int[] depths = new int[4];
    for (int i = 0; i < 2000; i++) {
      ImageSteps.AugMixBlend b = (ImageSteps.AugMixBlend) p.sample(0, i, 224, 200).steps().get(0);
      assertThat(b.chains()).hasSize(3);
      double sum = b.originalWeight() + b.chainWeights().stream().mapToDouble(Double::doubleValue).sum();
      assertThat(sum).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
      for (List<Step> chain : b.chains()) {
        // Every operation of the space is one step, except AutoContrast/Equalize/zero-magnitude ones (also one).
        depths[chain.size()]++;
        for (Step s : chain) {
          if (s instanceof ImageSteps.Posterize ps) {
            assertThat(ps.bits()).as("severity 3: bins 0-2 are 4, 4, 3 bits").isBetween(3, 4);
          } else if (s instanceof ImageSteps.Solarize so) {
            assertThat(so.threshold()).isGreaterThan(0.77);
          }
        }
      }
    }
    assertThat(depths[0]).isZero();
    for (int d = 1; d <= 3; d++) {
      assertThat(depths[d]).as("depth %s", d).isBetween(1800, 2200);
    }
  }

  @Test
  void augMixBlend_weighsTheImageAndItsChains() throws Exception {
    Raster img = dev.datamgmt.augment.TestImages.floats(3, 8, 9, 1);
    ImageSteps.AugMixBlend b = new ImageSteps.AugMixBlend(0.25, List.of(0.25, 0.5),
        List.of(List.of(new ImageSteps.Invert()), List.of()));
    try (dev.datamgmt.augment.cpu.CpuAugmenter aug = dev.datamgmt.augment.cpu.CpuAugmenter.builder()
        .setPipeline(Pipeline.builder().setSeed(0).build()).build()) {
      float[] out = aug.replay(dev.datamgmt.augment.geometry.ImageSample.of("s", img),
          dev.datamgmt.augment.AugmentParams.of(b)).image().floatArray();
      float[] in = img.floatArray();
      for (int i = 0; i < in.length; i++) {
        assertThat(out[i]).isCloseTo(0.25f * in[i] + 0.25f * (1 - in[i]) + 0.5f * in[i],
            org.assertj.core.data.Offset.offset(1e-6f));
      }
    }
    assertThatThrownBy(() -> new ImageSteps.AugMixBlend(0.5, List.of(0.5), List.of())).hasMessageContaining(
        "one weight per chain");
    assertThatThrownBy(() -> new Policies.AugMix(1, 11, 3, -1, 1, true, null, 0)).hasMessageContaining("augMix severity");
  }

  @Test
  void randAugment_drawsNumOpsUniformOpsAtTheFixedBin() {
    Pipeline p = Pipeline.builder().setSeed(7).add(ImageOps.randAugment(1, 9)).build();
    Map<Class<?>, Integer> counts = new HashMap<>();
    int none = 0, total = 14_000;
    for (int i = 0; i < total; i++) {
      List<Step> drawn = p.sample(0, i, 224, 200).steps();
      // The policy's ops follow its uint8-arithmetic marker (ImageSteps.Uint8Arithmetic).
      assertThat(drawn.get(0)).isInstanceOf(ImageSteps.Uint8Arithmetic.class);
      List<Step> steps = drawn.subList(1, drawn.size());
      assertThat(steps.size()).isLessThanOrEqualTo(1);
      if (steps.isEmpty()) {
        none++;
        continue;
      }
      Step s = steps.get(0);
      counts.merge(s.getClass(), 1, Integer::sum);
      if (s instanceof ImageSteps.Brightness b) {
        assertThat(Math.abs(b.factor() - 1)).isCloseTo(0.27, org.assertj.core.data.Offset.offset(1e-9));
      } else if (s instanceof ImageSteps.Posterize ps) {
        assertThat(ps.bits()).isEqualTo(7);   // 8 - round(9 / 7.5)
      } else if (s instanceof ImageSteps.Solarize so) {
        assertThat(so.threshold()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));   // (255 - 76.5) / 255
      } else if (s instanceof ImageSteps.Warp w) {
        double[] m = w.matrix();
        boolean translate = m[0] == 1 && m[1] == 0 && m[3] == 0 && m[4] == 1;
        if (translate) {
          // int(150 / 331 * 224 * 9 / 30) = 30 and int(150 / 331 * 200 * 9 / 30) = 27, either sign.
          assertThat(Math.abs(m[2]) + Math.abs(m[5])).isIn(30.0, 27.0);
        }
      }
    }
    // Identity, AutoContrast and Equalize each 1/14; the five warps 5/14; with 14,000 draws within a few sigma.
    assertThat(none).isBetween(850, 1150);
    assertThat(counts.get(ImageSteps.Warp.class)).isBetween(4700, 5300);
    assertThat(counts.get(ImageSteps.Equalize.class)).isBetween(850, 1150);
    Pipeline two = Pipeline.builder().setSeed(7).add(ImageOps.randAugment(2, 9)).build();
    int max = 0;
    for (int i = 0; i < 200; i++) {
      max = Math.max(max, two.sample(0, i, 32, 32).steps().size() - 1);
    }
    assertThat(max).isEqualTo(2);
  }

  @Test
  void trivialAugmentWide_drawsOneOpAtAUniformBin() {
    Pipeline p = Pipeline.builder().setSeed(3).add(ImageOps.trivialAugmentWide()).build();
    java.util.Set<Integer> bits = new java.util.TreeSet<>();
    java.util.Set<Long> brightness = new java.util.TreeSet<>();
    for (int i = 0; i < 20_000; i++) {
      for (Step s : p.sample(0, i, 64, 64).steps()) {
        if (s instanceof ImageSteps.Posterize ps) {
          bits.add(ps.bits());
        } else if (s instanceof ImageSteps.Brightness b) {
          brightness.add(Math.round((b.factor() - 1) / 0.033));
        }
      }
    }
    assertThat(bits).containsExactly(2, 3, 4, 5, 6, 7, 8);
    assertThat(brightness).hasSize(61);   // 31 bins, both signs, 0 once
  }

  @Test
  void autoAugmentImageNet_hasTorchvisionsPolicyAndSpace() throws Exception {
    assertSameSpace(Policies.autoAugmentSpace(224, 200),
        torchvision("AA", "/torchvision-autoaugment-imagenet.txt"));
    List<String> policies = lines("/torchvision-autoaugment-imagenet.txt", "AAP");
    assertThat(Policies.IMAGENET_POLICY).hasSameSizeAs(policies).hasSize(25);
    for (int i = 0; i < policies.size(); i++) {
      String[] ops = policies.get(i).split(" ");
      for (int k = 0; k < 2; k++) {
        String[] f = ops[k].split(":");
        Policies.SubPolicyOp ours = Policies.IMAGENET_POLICY.get(i).get(k);
        assertThat(ours.name()).as("sub-policy %d op %d", i, k).isEqualTo(f[0]);
        assertThat(ours.p()).isEqualTo(Double.parseDouble(f[1]));
        assertThat(ours.magnitudeBin()).isEqualTo(f[2].equals("None") ? -1 : Integer.parseInt(f[2]));
      }
    }
  }

  @Test
  void autoAugmentImageNet_appliesEachSubPolicyOpWithItsProbability() {
    Pipeline p = Pipeline.builder().setSeed(5).add(ImageOps.autoAugmentImageNet()).build();
    int inverts = 0, total = 25_000;
    for (int i = 0; i < total; i++) {
      for (Step s : p.sample(0, i, 32, 32).steps()) {
        inverts += s instanceof ImageSteps.Invert ? 1 : 0;
      }
    }
    // Invert appears in 3 of 25 sub-policies, each time with p = 0.6: 0.072 per sample.
    assertThat(inverts / (double) total).isBetween(0.065, 0.079);
  }

  @Test
  void badSettings_areRejected() {
    assertThatThrownBy(() -> ImageOps.randAugment(2, 31)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("randAugment magnitude must be in [0, 30]: 31");
    assertThatThrownBy(() -> new Policies.TrivialAugmentWide(1, 1, null, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numMagnitudeBins");
  }
}
