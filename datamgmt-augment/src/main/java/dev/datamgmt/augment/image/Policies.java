package dev.datamgmt.augment.image;

import dev.datamgmt.augment.Op;
import dev.datamgmt.augment.SampleContext;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.geometry.Homography;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Automatic augmentation policies with torchvision's operation sets and magnitude bins ({@code
 * torchvision.transforms.RandAugment}, {@code TrivialAugmentWide} and {@code AutoAugment} with the ImageNet policy), so a paper's recipe can be reproduced by name:
 * {@code ImageOps.randAugment(2, 9)} is torchvision's {@code RandAugment(num_ops=2, magnitude=9)}.
 *
 * <p>Each drawn operation becomes ordinary steps (a warp, a colour step), so the policies run on both backends,
 * move boxes, keypoints and masks like any geometric operation, and replay from their recorded parameters. The
 * random stream is ours (per sample, from the pipeline seed), so which operations a given sample gets differs from
 * torchvision's; the operation list, the magnitudes and their signs follow torchvision 0.14's source
 * ({@code PolicySpaceTest} compares them with values printed by torchvision). One deliberate difference: Solarize's
 * 255-scale thresholds are divided by 255, since our pixels are on {@code [0, 1]} (torchvision 0.14 compares float
 * images with the 255-scale value, which leaves them unchanged).
 *
 * <p>RandAugment, TrivialAugmentWide and AutoAugment put an {@link ImageSteps.Uint8Arithmetic} marker in front of
 * their operations: on uint8 RGB images whose plan allows it, both backends then run them on bytes with
 * torchvision's uint8 rounding (see the marker and the module README).
 */
public final class Policies {
  private Policies() {}

  /**
   * One operation of a policy's search space.
   *
   * @param name torchvision's name ({@code "ShearX"}, {@code "Posterize"}, ...)
   * @param magnitudes the value of each magnitude bin (empty for operations without a magnitude)
   * @param signed whether the magnitude is negated with probability 1/2
   */
  public record SpaceOp(String name, List<Double> magnitudes, boolean signed) {}

  private static List<Double> linspace(double a, double b, int n) {
    List<Double> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(n == 1 ? a : a + (b - a) * i / (n - 1));
    }
    return out;
  }

  /** {@code 8 - round(arange(n) / ((n - 1) / levels))}, rounding half to even as torch does. */
  private static List<Double> posterizeBits(int n, double levels) {
    List<Double> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(8 - Math.rint(n == 1 ? 0 : i / ((n - 1) / levels)));
    }
    return out;
  }

  /** RandAugment's space for {@code numBins} bins on a {@code width x height} image (torchvision's order). */
  public static List<SpaceOp> randAugmentSpace(int numBins, int width, int height) {
    return List.of(
        new SpaceOp("Identity", List.of(), false),
        new SpaceOp("ShearX", linspace(0, 0.3, numBins), true),
        new SpaceOp("ShearY", linspace(0, 0.3, numBins), true),
        new SpaceOp("TranslateX", linspace(0, 150.0 / 331.0 * width, numBins), true),
        new SpaceOp("TranslateY", linspace(0, 150.0 / 331.0 * height, numBins), true),
        new SpaceOp("Rotate", linspace(0, 30, numBins), true),
        new SpaceOp("Brightness", linspace(0, 0.9, numBins), true),
        new SpaceOp("Color", linspace(0, 0.9, numBins), true),
        new SpaceOp("Contrast", linspace(0, 0.9, numBins), true),
        new SpaceOp("Sharpness", linspace(0, 0.9, numBins), true),
        new SpaceOp("Posterize", posterizeBits(numBins, 4), false),
        new SpaceOp("Solarize", linspace(255, 0, numBins), false),
        new SpaceOp("AutoContrast", List.of(), false),
        new SpaceOp("Equalize", List.of(), false));
  }

  /** TrivialAugmentWide's space for {@code numBins} bins (torchvision's order). */
  public static List<SpaceOp> trivialAugmentWideSpace(int numBins) {
    return List.of(
        new SpaceOp("Identity", List.of(), false),
        new SpaceOp("ShearX", linspace(0, 0.99, numBins), true),
        new SpaceOp("ShearY", linspace(0, 0.99, numBins), true),
        new SpaceOp("TranslateX", linspace(0, 32, numBins), true),
        new SpaceOp("TranslateY", linspace(0, 32, numBins), true),
        new SpaceOp("Rotate", linspace(0, 135, numBins), true),
        new SpaceOp("Brightness", linspace(0, 0.99, numBins), true),
        new SpaceOp("Color", linspace(0, 0.99, numBins), true),
        new SpaceOp("Contrast", linspace(0, 0.99, numBins), true),
        new SpaceOp("Sharpness", linspace(0, 0.99, numBins), true),
        new SpaceOp("Posterize", posterizeBits(numBins, 6), false),
        new SpaceOp("Solarize", linspace(255, 0, numBins), false),
        new SpaceOp("AutoContrast", List.of(), false),
        new SpaceOp("Equalize", List.of(), false));
  }

  /**
   * AugMix's space (10 bins) on a {@code width x height} image, torchvision's order; {@code allOps} adds
   * Brightness, Color, Contrast and Sharpness.
   */
  public static List<SpaceOp> augMixSpace(int width, int height, boolean allOps) {
    int n = 10;
    List<SpaceOp> s = new ArrayList<>(List.of(
        new SpaceOp("ShearX", linspace(0, 0.3, n), true),
        new SpaceOp("ShearY", linspace(0, 0.3, n), true),
        new SpaceOp("TranslateX", linspace(0, width / 3.0, n), true),
        new SpaceOp("TranslateY", linspace(0, height / 3.0, n), true),
        new SpaceOp("Rotate", linspace(0, 30, n), true),
        new SpaceOp("Posterize", posterizeBits(n, 4).stream().map(b -> b - 4).toList(), false),
        new SpaceOp("Solarize", linspace(255, 0, n), false),
        new SpaceOp("AutoContrast", List.of(), false),
        new SpaceOp("Equalize", List.of(), false)));
    if (allOps) {
      for (String name : List.of("Brightness", "Color", "Contrast", "Sharpness")) {
        s.add(new SpaceOp(name, linspace(0, 0.9, n), true));
      }
    }
    return List.copyOf(s);
  }

  /** AutoAugment's space (always 10 bins) on a {@code width x height} image (torchvision's order). */
  public static List<SpaceOp> autoAugmentSpace(int width, int height) {
    int n = 10;
    return List.of(
        new SpaceOp("ShearX", linspace(0, 0.3, n), true),
        new SpaceOp("ShearY", linspace(0, 0.3, n), true),
        new SpaceOp("TranslateX", linspace(0, 150.0 / 331.0 * width, n), true),
        new SpaceOp("TranslateY", linspace(0, 150.0 / 331.0 * height, n), true),
        new SpaceOp("Rotate", linspace(0, 30, n), true),
        new SpaceOp("Brightness", linspace(0, 0.9, n), true),
        new SpaceOp("Color", linspace(0, 0.9, n), true),
        new SpaceOp("Contrast", linspace(0, 0.9, n), true),
        new SpaceOp("Sharpness", linspace(0, 0.9, n), true),
        new SpaceOp("Posterize", posterizeBits(n, 4), false),
        new SpaceOp("Solarize", linspace(255, 0, n), false),
        new SpaceOp("AutoContrast", List.of(), false),
        new SpaceOp("Equalize", List.of(), false),
        new SpaceOp("Invert", List.of(), false));
  }

  /**
   * One operation of an AutoAugment sub-policy.
   *
   * @param name the operation (a name of {@link #autoAugmentSpace})
   * @param p its probability
   * @param magnitudeBin its bin, or -1 for operations without a magnitude
   */
  public record SubPolicyOp(String name, double p, int magnitudeBin) {}

  private static List<SubPolicyOp> sub(String a, double pa, int ma, String b, double pb, int mb) {
    return List.of(new SubPolicyOp(a, pa, ma), new SubPolicyOp(b, pb, mb));
  }

  /** torchvision's {@code AutoAugmentPolicy.IMAGENET}: 25 sub-policies of two operations each, in its order. */
  public static final List<List<SubPolicyOp>> IMAGENET_POLICY = List.of(
      sub("Posterize", 0.4, 8, "Rotate", 0.6, 9),
      sub("Solarize", 0.6, 5, "AutoContrast", 0.6, -1),
      sub("Equalize", 0.8, -1, "Equalize", 0.6, -1),
      sub("Posterize", 0.6, 7, "Posterize", 0.6, 6),
      sub("Equalize", 0.4, -1, "Solarize", 0.2, 4),
      sub("Equalize", 0.4, -1, "Rotate", 0.8, 8),
      sub("Solarize", 0.6, 3, "Equalize", 0.6, -1),
      sub("Posterize", 0.8, 5, "Equalize", 1.0, -1),
      sub("Rotate", 0.2, 3, "Solarize", 0.6, 8),
      sub("Equalize", 0.6, -1, "Posterize", 0.4, 6),
      sub("Rotate", 0.8, 8, "Color", 0.4, 0),
      sub("Rotate", 0.4, 9, "Equalize", 0.6, -1),
      sub("Equalize", 0.0, -1, "Equalize", 0.8, -1),
      sub("Invert", 0.6, -1, "Equalize", 1.0, -1),
      sub("Color", 0.6, 4, "Contrast", 1.0, 8),
      sub("Rotate", 0.8, 8, "Color", 1.0, 2),
      sub("Color", 0.8, 8, "Solarize", 0.8, 7),
      sub("Sharpness", 0.4, 7, "Invert", 0.6, -1),
      sub("ShearX", 0.6, 5, "Equalize", 1.0, -1),
      sub("Color", 0.4, 0, "Equalize", 0.6, -1),
      sub("Equalize", 0.4, -1, "Solarize", 0.2, 4),
      sub("Solarize", 0.6, 5, "AutoContrast", 0.6, -1),
      sub("Invert", 0.6, -1, "Equalize", 1.0, -1),
      sub("Color", 0.6, 4, "Contrast", 1.0, 8),
      sub("Equalize", 0.8, -1, "Equalize", 0.6, -1));

  /**
   * torchvision's AutoAugment with the ImageNet policy: a sub-policy chosen uniformly, then each of its two
   * operations applied with its own probability at its bin, signed operations negated when a fair coin says so.
   *
   * @param p probability
   * @param interpolation for the geometric operations (torchvision: nearest)
   * @param fill outside the image
   */
  public record AutoAugment(double p, Interpolation interpolation, double fill) implements Op {
    /** Validates. */
    public AutoAugment {
      Op.checkP("autoAugment", p);
      interpolation = interpolation == null ? Interpolation.NEAREST : interpolation;
    }

    /** This policy with probability {@code p}, its other settings unchanged. */
    @Override
    public AutoAugment withP(double p) {
      return new AutoAugment(p, interpolation, fill);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("autoAugment");
      out.add(new ImageSteps.Uint8Arithmetic());
      List<SubPolicyOp> policy = IMAGENET_POLICY.get(rng.nextInt(IMAGENET_POLICY.size()));
      List<SpaceOp> space = autoAugmentSpace(ctx.width(), ctx.height());
      for (SubPolicyOp op : policy) {
        double coin = rng.nextDouble();
        boolean negative = rng.nextInt(2) == 0;
        if (coin > op.p()) {
          continue;
        }
        SpaceOp meta = space.stream().filter(s -> s.name().equals(op.name())).findFirst().orElseThrow();
        double m = op.magnitudeBin() < 0 ? 0 : meta.magnitudes().get(op.magnitudeBin());
        if (meta.signed() && negative) {
          m = -m;
        }
        apply(op.name(), m, ctx.width(), ctx.height(), interpolation, fill, out);
      }
    }
  }

  /**
   * The steps of torchvision's {@code _apply_op(img, name, magnitude)} on a {@code w x h} image: shears about the
   * top-left corner ({@code center=[0, 0]}), translations by {@code int(magnitude)} pixels, rotation
   * counter-clockwise about the centre, colour factors {@code 1 + magnitude}, Posterize {@code int(magnitude)} bits,
   * Solarize at {@code magnitude / 255}.
   */
  static void apply(String name, double m, int w, int h, Interpolation interp, double fill, List<Step> out) {
    switch (name) {
      case "Identity" -> { }
      case "ShearX" -> out.add(new ImageSteps.Warp(new double[] {1, -m, 0, 0, 1, 0, 0, 0, 1}, w, h, interp, fill));
      case "ShearY" -> out.add(new ImageSteps.Warp(new double[] {1, 0, 0, -m, 1, 0, 0, 0, 1}, w, h, interp, fill));
      case "TranslateX" -> out.add(new ImageSteps.Warp(Homography.translate((int) m, 0), w, h, interp, fill));
      case "TranslateY" -> out.add(new ImageSteps.Warp(Homography.translate(0, (int) m), w, h, interp, fill));
      case "Rotate" -> {
        double a = -Math.toRadians(m);
        double[] r = {Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1};
        out.add(new ImageSteps.Warp(ImageOps.aboutCentre(r, w / 2.0, h / 2.0), w, h, interp, fill));
      }
      case "Brightness" -> out.add(new ImageSteps.Brightness(1 + m));
      case "Color" -> out.add(new ImageSteps.Saturation(1 + m));
      case "Contrast" -> out.add(new ImageSteps.Contrast(1 + m));
      case "Sharpness" -> out.add(new ImageSteps.Sharpness(1 + m));
      case "Posterize" -> out.add(new ImageSteps.Posterize((int) m));
      case "Solarize" -> out.add(new ImageSteps.Solarize(m / 255.0));
      case "AutoContrast" -> out.add(new ImageSteps.AutoContrast());
      case "Equalize" -> out.add(new ImageSteps.Equalize());
      case "Invert" -> out.add(new ImageSteps.Invert());
      default -> throw new IllegalArgumentException("unknown policy operation " + name);
    }
  }

  private static void draw(SpaceOp op, double magnitude, SplittableRandom rng, SampleContext ctx, Interpolation interp,
      double fill, List<Step> out) {
    double m = magnitude;
    if (op.signed() && rng.nextInt(2) == 1) {
      m = -m;
    }
    apply(op.name(), m, ctx.width(), ctx.height(), interp, fill, out);
  }

  private static void checkBins(String op, int numBins) {
    if (numBins < 2 || numBins > 1000) {
      throw new IllegalArgumentException(op + " numMagnitudeBins must be in [2, 1000]: " + numBins);
    }
  }

  /**
   * torchvision's RandAugment: {@code numOps} operations, each chosen uniformly from {@link #randAugmentSpace}
   * (repeats allowed) at magnitude bin {@code magnitude}, its sign a fair coin.
   *
   * @param p probability
   * @param numOps operations per sample, {@code >= 1}
   * @param magnitude the bin, in {@code [0, numMagnitudeBins)}
   * @param numMagnitudeBins number of bins (torchvision: 31)
   * @param interpolation for the geometric operations (torchvision: nearest)
   * @param fill outside the image
   */
  public record RandAugment(double p, int numOps, int magnitude, int numMagnitudeBins, Interpolation interpolation,
      double fill) implements Op {
    /** Validates. */
    public RandAugment {
      Op.checkP("randAugment", p);
      checkBins("randAugment", numMagnitudeBins);
      if (numOps < 1 || numOps > 100) {
        throw new IllegalArgumentException("randAugment numOps must be in [1, 100]: " + numOps);
      }
      if (magnitude < 0 || magnitude >= numMagnitudeBins) {
        throw new IllegalArgumentException(
            "randAugment magnitude must be in [0, " + (numMagnitudeBins - 1) + "]: " + magnitude);
      }
      interpolation = interpolation == null ? Interpolation.NEAREST : interpolation;
    }

    /** This policy with probability {@code p}, its other settings unchanged. */
    @Override
    public RandAugment withP(double p) {
      return new RandAugment(p, numOps, magnitude, numMagnitudeBins, interpolation, fill);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("randAugment");
      out.add(new ImageSteps.Uint8Arithmetic());
      List<SpaceOp> space = randAugmentSpace(numMagnitudeBins, ctx.width(), ctx.height());
      for (int k = 0; k < numOps; k++) {
        SpaceOp op = space.get(rng.nextInt(space.size()));
        double m = op.magnitudes().isEmpty() ? 0 : op.magnitudes().get(magnitude);
        draw(op, m, rng, ctx, interpolation, fill, out);
      }
    }
  }

  /**
   * torchvision's TrivialAugmentWide: one operation chosen uniformly from {@link #trivialAugmentWideSpace}, at a
   * uniformly chosen magnitude bin, its sign a fair coin.
   *
   * @param p probability
   * @param numMagnitudeBins number of bins (torchvision: 31)
   * @param interpolation for the geometric operations (torchvision: nearest)
   * @param fill outside the image
   */
  public record TrivialAugmentWide(double p, int numMagnitudeBins, Interpolation interpolation, double fill)
      implements Op {
    /** Validates. */
    public TrivialAugmentWide {
      Op.checkP("trivialAugmentWide", p);
      checkBins("trivialAugmentWide", numMagnitudeBins);
      interpolation = interpolation == null ? Interpolation.NEAREST : interpolation;
    }

    /** This policy with probability {@code p}, its other settings unchanged. */
    @Override
    public TrivialAugmentWide withP(double p) {
      return new TrivialAugmentWide(p, numMagnitudeBins, interpolation, fill);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("trivialAugmentWide");
      out.add(new ImageSteps.Uint8Arithmetic());
      List<SpaceOp> space = trivialAugmentWideSpace(numMagnitudeBins);
      SpaceOp op = space.get(rng.nextInt(space.size()));
      double m = op.magnitudes().isEmpty() ? 0 : op.magnitudes().get(rng.nextInt(op.magnitudes().size()));
      draw(op, m, rng, ctx, interpolation, fill, out);
    }
  }

  /**
   * torchvision's AugMix: the image is blended with {@code mixtureWidth} chains of {@code chainDepth} operations
   * (1 to 3, drawn, when {@code chainDepth <= 0}) from {@link #augMixSpace}, each at a bin drawn from
   * {@code [0, severity)}, its sign a fair coin; the weights are {@code Dirichlet(alpha, alpha)} between the image and
   * the chains and {@code Dirichlet(alpha, ..., alpha)} among the chains. The image only: boxes, keypoints and masks
   * are left as they are (AugMix is for classification).
   *
   * @param p probability
   * @param severity 1 to 10 (torchvision: 3)
   * @param mixtureWidth chains, 1 to 16 (torchvision: 3)
   * @param chainDepth operations per chain, or {@code <= 0} for 1 to 3 drawn per chain (torchvision: -1)
   * @param alpha Dirichlet parameter, {@code > 0} (torchvision: 1)
   * @param allOps whether the colour operations are in the space (torchvision: true)
   * @param interpolation for the geometric operations (torchvision: bilinear)
   * @param fill outside the image
   */
  public record AugMix(double p, int severity, int mixtureWidth, int chainDepth, double alpha, boolean allOps,
      Interpolation interpolation, double fill) implements Op {
    /** Validates. */
    public AugMix {
      Op.checkP("augMix", p);
      if (severity < 1 || severity > 10) {
        throw new IllegalArgumentException("augMix severity must be in [1, 10]: " + severity);
      }
      if (mixtureWidth < 1 || mixtureWidth > 16) {
        throw new IllegalArgumentException("augMix mixtureWidth must be in [1, 16]: " + mixtureWidth);
      }
      if (chainDepth > 16) {
        throw new IllegalArgumentException("augMix chainDepth must be at most 16 (or <= 0 for 1 to 3): " + chainDepth);
      }
      if (!(alpha >= 1e-3 && alpha <= 1e3)) {
        throw new IllegalArgumentException("augMix alpha must be in [0.001, 1000]: " + alpha);
      }
      interpolation = interpolation == null ? Interpolation.BILINEAR : interpolation;
    }

    /** This policy with probability {@code p}, its other settings unchanged. */
    @Override
    public AugMix withP(double p) {
      return new AugMix(p, severity, mixtureWidth, chainDepth, alpha, allOps, interpolation, fill);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("augMix");
      List<SpaceOp> space = augMixSpace(ctx.width(), ctx.height(), allOps);
      double original = dev.datamgmt.augment.internal.image.Distributions.beta(rng, alpha, alpha);
      double[] g = new double[mixtureWidth];
      double sum = 0;
      for (int i = 0; i < mixtureWidth; i++) {
        g[i] = dev.datamgmt.augment.internal.image.Distributions.gamma(rng, alpha);
        sum += g[i];
      }
      List<Double> weights = new ArrayList<>(mixtureWidth);
      List<List<Step>> chains = new ArrayList<>(mixtureWidth);
      for (int i = 0; i < mixtureWidth; i++) {
        weights.add((1 - original) * (sum > 0 ? g[i] / sum : 1.0 / mixtureWidth));
        int depth = chainDepth > 0 ? chainDepth : 1 + rng.nextInt(3);
        List<Step> chain = new ArrayList<>();
        for (int d = 0; d < depth; d++) {
          SpaceOp op = space.get(rng.nextInt(space.size()));
          double m = op.magnitudes().isEmpty() ? 0 : op.magnitudes().get(rng.nextInt(severity));
          draw(op, m, rng, ctx, interpolation, fill, chain);
        }
        chains.add(chain);
      }
      out.add(new ImageSteps.AugMixBlend(original, weights, chains));
    }
  }
}
