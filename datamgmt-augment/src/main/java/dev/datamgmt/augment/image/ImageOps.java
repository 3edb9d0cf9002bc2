package dev.datamgmt.augment.image;

import dev.datamgmt.augment.Op;
import dev.datamgmt.augment.SampleContext;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.geometry.Homography;
import dev.datamgmt.augment.internal.image.Distributions;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The image operations and their factories. Geometric operations move boxes, keypoints and masks with the
 * image; colour operations touch pixels only. Ranges are closed and sampled uniformly unless said otherwise.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.builder().setSeed(7)
 *     .add(ImageOps.horizontalFlip(0.5))
 *     .add(ImageOps.shift(0.1))
 *     .build();
 * }</pre>
 */
public final class ImageOps {
  private ImageOps() {}

  /** Mirror left-right with probability {@code p}. */
  public static HorizontalFlip horizontalFlip(double p) {
    return new HorizontalFlip(p);
  }

  /** Mirror top-bottom with probability {@code p}. */
  public static VerticalFlip verticalFlip(double p) {
    return new VerticalFlip(p);
  }

  /** Rotate about the centre by an angle in {@code [-maxDegrees, maxDegrees]}, bilinear, fill 0. */
  public static Rotate rotate(double maxDegrees) {
    return new Rotate(1.0, maxDegrees, Interpolation.BILINEAR, 0);
  }

  /**
   * One affine warp about the centre: rotation in {@code ±maxDegrees}, translation in {@code ±maxTranslate}
   * of the size, scale in {@code [minScale, maxScale]}, horizontal shear in {@code ±maxShearDegrees}; bilinear,
   * fill 0, p = 1 ({@code .withP(p)} for another).
   */
  public static Affine affine(
      double maxDegrees, double maxTranslate, double minScale, double maxScale, double maxShearDegrees) {
    return new Affine(1.0, maxDegrees, maxTranslate, minScale, maxScale, maxShearDegrees, Interpolation.BILINEAR, 0);
  }

  /** A translation by up to {@code maxFraction} of the size in each direction (an affine with only that). */
  public static Affine shift(double maxFraction) {
    return new Affine(1.0, 0, maxFraction, 1, 1, 0, Interpolation.BILINEAR, 0);
  }

  /** Perspective: each corner moves inwards by up to {@code distortion} of half the size; bilinear, fill 0. */
  public static Perspective perspective(double p, double distortion) {
    return new Perspective(p, distortion, Interpolation.BILINEAR, 0);
  }

  /**
   * Crop a random region of area fraction {@code [minScale, maxScale]} and aspect ratio in {@code [3/4, 4/3]}
   * and resize it to {@code width x height} (torchvision's algorithm).
   */
  public static RandomResizedCrop randomResizedCrop(int width, int height, double minScale, double maxScale) {
    return new RandomResizedCrop(1.0, width, height, minScale, maxScale, 3.0 / 4, 4.0 / 3, Interpolation.BILINEAR);
  }

  /** Pad by {@code padding} pixels with 0, then crop a random {@code width x height} window. */
  public static PadCrop padCrop(int width, int height, int padding) {
    return new PadCrop(1.0, width, height, padding, 0);
  }

  /**
   * Resize to {@code width x height}, bilinear, antialiased when downscaling (torchvision v2's default); p = 1.
   * Antialiasing blurs with a Gaussian of {@code sigma = (f - 1) / 2} before sampling, {@code f} the larger of the
   * two downscale factors.
   */
  public static Resize resize(int width, int height) {
    return new Resize(1.0, width, height, Interpolation.BILINEAR, true);
  }

  /** Scale so that the longer side is {@code maxSize} (aspect kept), bilinear, antialiased; p = 1. */
  public static LongestMaxSize longestMaxSize(int maxSize) {
    return new LongestMaxSize(1.0, maxSize, Interpolation.BILINEAR, true);
  }

  /** Scale so that the shorter side is {@code maxSize} (aspect kept), bilinear, antialiased; p = 1. */
  public static SmallestMaxSize smallestMaxSize(int maxSize) {
    return new SmallestMaxSize(1.0, maxSize, Interpolation.BILINEAR, true);
  }

  /** Pad with {@code fill} to at least {@code minWidth x minHeight}, the image centred; p = 1. */
  public static PadIfNeeded padIfNeeded(int minWidth, int minHeight, double fill) {
    return new PadIfNeeded(1.0, minWidth, minHeight, PadPosition.CENTER, fill);
  }

  /**
   * Letterbox (YOLO's): scale the longer side to {@code size}, then pad to {@code size x size} with {@code fill},
   * centred. Boxes, keypoints and masks get the scale and the offsets. A sequence of {@link #longestMaxSize} and
   * {@link #padIfNeeded}.
   */
  public static dev.datamgmt.augment.Compose.Sequence letterbox(int size, double fill) {
    return dev.datamgmt.augment.Compose.sequence(longestMaxSize(size), padIfNeeded(size, size, fill));
  }

  /** Crop the centre {@code width x height} (padding with 0 where the image is smaller, as torchvision); p = 1. */
  public static CenterCrop centerCrop(int width, int height) {
    return new CenterCrop(1.0, width, height, 0);
  }

  /** Rotate by 0, 90, 180 or 270 degrees counter-clockwise (uniformly, as Albumentations), exact, with p. */
  public static RandomRotate90 randomRotate90(double p) {
    return new RandomRotate90(p);
  }

  /** Swap rows and columns (Albumentations' Transpose), exact, with p. */
  public static Transpose transpose(double p) {
    return new Transpose(p);
  }

  /**
   * Crop a random region that contains every box (their union, eroded by {@code erosionRate}) and resize it to
   * {@code width x height} (Albumentations' RandomSizedBBoxSafeCrop); without boxes a random crop of
   * {@code [1 - erosionRate, 1]} of the height, the image's aspect ratio. p = 1. Needs the boxes when parameters
   * are drawn: both backends pass them; {@code Pipeline.sample(epoch, index, w, h, boxes)} does too.
   */
  public static RandomSizedBBoxSafeCrop randomSizedBBoxSafeCrop(int width, int height, double erosionRate) {
    return new RandomSizedBBoxSafeCrop(1.0, width, height, erosionRate, Interpolation.BILINEAR);
  }

  /**
   * Crop a random {@code width x height} window (no resize) that fully contains at least one box, chosen
   * uniformly, after eroding it by {@code erosionFactor} (Albumentations' AtLeastOneBBoxRandomCrop); without
   * boxes a uniformly placed window. p = 1.
   */
  public static AtLeastOneBBoxRandomCrop atLeastOneBBoxRandomCrop(int width, int height, double erosionFactor) {
    return new AtLeastOneBBoxRandomCrop(1.0, width, height, erosionFactor, 0);
  }

  /** Invert ({@code 1 - x}) with probability {@code p}. */
  public static Invert invert(double p) {
    return new Invert(p);
  }

  /** Keep {@code minBits..maxBits} bits (uniform integer) of each 8-bit value, with probability {@code p}. */
  public static Posterize posterize(double p, int minBits, int maxBits) {
    return new Posterize(p, minBits, maxBits);
  }

  /** Invert values at or above a threshold in {@code [minThreshold, maxThreshold]} ([0, 1] scale), with p. */
  public static Solarize solarize(double p, double minThreshold, double maxThreshold) {
    return new Solarize(p, minThreshold, maxThreshold);
  }

  /** Stretch each channel to {@code [0, 1]} with probability {@code p}. */
  public static AutoContrast autoContrast(double p) {
    return new AutoContrast(p);
  }

  /** Histogram-equalize each channel with probability {@code p}. */
  public static Equalize equalize(double p) {
    return new Equalize(p);
  }

  /** torchvision's adjust_sharpness with a factor in {@code [min, max]}, with probability {@code p}. */
  public static Sharpness sharpness(double p, double min, double max) {
    return new Sharpness(p, min, max);
  }

  /**
   * torchvision's ColorJitter: brightness, contrast and saturation factors in {@code [max(0, 1 - v), 1 + v]}, hue
   * shift in {@code [-hue, hue]} turns, applied in a random order; a 0 leaves that adjustment out. p = 1.
   */
  public static ColorJitter colorJitter(double brightness, double contrast, double saturation, double hue) {
    return new ColorJitter(1.0, brightness, contrast, saturation, hue);
  }

  /**
   * torchvision's {@code RandAugment(num_ops=numOps, magnitude=magnitude)}: 31 bins, nearest, fill 0; p = 1.
   * See {@link Policies}.
   */
  public static Policies.RandAugment randAugment(int numOps, int magnitude) {
    return new Policies.RandAugment(1.0, numOps, magnitude, 31, Interpolation.NEAREST, 0);
  }

  /** torchvision's {@code AutoAugment(AutoAugmentPolicy.IMAGENET)}: nearest, fill 0; p = 1. See {@link Policies}. */
  public static Policies.AutoAugment autoAugmentImageNet() {
    return new Policies.AutoAugment(1.0, Interpolation.NEAREST, 0);
  }

  /** torchvision's {@code TrivialAugmentWide()}: 31 bins, nearest, fill 0; p = 1. See {@link Policies}. */
  public static Policies.TrivialAugmentWide trivialAugmentWide() {
    return new Policies.TrivialAugmentWide(1.0, 31, Interpolation.NEAREST, 0);
  }

  /**
   * Albumentations' HueSaturationValue on OpenCV's float HSV: hue shift in {@code [-hueDegrees, hueDegrees]}
   * degrees, saturation and value shifts in {@code [-saturation, saturation]} and {@code [-value, value]} on the
   * {@code [0, 1]} scale, with probability {@code p}. Albumentations' uint8 defaults {@code (20, 30, 20)} are
   * {@code hueSaturationValue(p, 40, 30 / 255.0, 20 / 255.0)} (OpenCV's uint8 hue has 180 steps).
   */
  public static HueSaturationValue hueSaturationValue(double p, double hueDegrees, double saturation, double value) {
    return new HueSaturationValue(p, hueDegrees, saturation, value);
  }

  /** Grid distortion over a {@code cells x cells} grid, inner grid points moving up to {@code limit} of a cell. */
  public static GridDistortion gridDistortion(double p, int cells, double limit) {
    return new GridDistortion(p, cells, limit, Interpolation.BILINEAR, 0);
  }

  /** Brightness factor in {@code [min, max]}, with p = 1 ({@code .withP(p)} for another probability). */
  public static Brightness brightness(double min, double max) {
    return new Brightness(1.0, min, max);
  }

  /** Contrast factor in {@code [min, max]}, with p = 1 ({@code .withP(p)} for another probability). */
  public static Contrast contrast(double min, double max) {
    return new Contrast(1.0, min, max);
  }

  /** Saturation factor in {@code [min, max]}, with p = 1 ({@code .withP(p)} for another probability). */
  public static Saturation saturation(double min, double max) {
    return new Saturation(1.0, min, max);
  }

  /** Hue shift in {@code [-maxShift, maxShift]} turns, with p = 1 ({@code .withP(p)} for another probability). */
  public static Hue hue(double maxShift) {
    return new Hue(1.0, maxShift);
  }

  /** Gamma in {@code [min, max]}, with p = 1 ({@code .withP(p)} for another probability). */
  public static Gamma gamma(double min, double max) {
    return new Gamma(1.0, min, max);
  }

  /** Convert to grey with probability {@code p}. */
  public static Grayscale grayscale(double p) {
    return new Grayscale(p);
  }

  /** Gaussian noise with sigma in {@code [minSigma, maxSigma]} (on the {@code [0, 1]} scale). */
  public static GaussianNoise gaussianNoise(double p, double minSigma, double maxSigma) {
    return new GaussianNoise(p, minSigma, maxSigma);
  }

  /** Gaussian blur with sigma in {@code [minSigma, maxSigma]} pixels. */
  public static GaussianBlur gaussianBlur(double p, double minSigma, double maxSigma) {
    return new GaussianBlur(p, minSigma, maxSigma);
  }

  /** JPEG re-encoding at a quality in {@code [minQuality, maxQuality]}. */
  public static JpegQuality jpegQuality(double p, int minQuality, int maxQuality) {
    return new JpegQuality(p, minQuality, maxQuality);
  }

  /** Pixelate with a block size in {@code [minBlock, maxBlock]}. */
  public static Pixelate pixelate(double p, int minBlock, int maxBlock) {
    return new Pixelate(p, minBlock, maxBlock);
  }

  /** Random erasing (cutout) of area fraction {@code [minArea, maxArea]}, ratio {@code [0.3, 3.3]}, value 0. */
  public static RandomErasing randomErasing(double p, double minArea, double maxArea) {
    return new RandomErasing(p, minArea, maxArea, 0.3, 3.3, 0);
  }

  /** Normalize per channel. */
  public static Normalize normalize(List<Double> mean, List<Double> std) {
    return new Normalize(mean, std);
  }

  /** Normalize with the ImageNet mean and std (RGB). */
  public static Normalize normalizeImageNet() {
    return new Normalize(List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));
  }

  /** Mixup with {@code lambda ~ Beta(alpha, alpha)}; needs a batch. */
  public static Mixup mixup(double p, double alpha) {
    return new Mixup(p, alpha);
  }

  /** CutMix with {@code lambda ~ Beta(alpha, alpha)}; needs a batch. */
  public static CutMix cutMix(double p, double alpha) {
    return new CutMix(p, alpha);
  }

  /** torchvision's AugMix with its defaults (severity 3, 3 chains of depth 1–3, alpha 1, all operations). */
  public static Policies.AugMix augMix() {
    return new Policies.AugMix(1, 3, 3, -1, 1, true, Interpolation.BILINEAR, 0);
  }

  /** YOLO's mosaic of four samples meeting at a centre drawn from {@code [0.25, 0.75]} of each side (CPU backend). */
  public static Mosaic mosaic(double p) {
    return new Mosaic(p, 0.25, 0.75);
  }

  /** Simple copy-paste of each partner instance with probability {@code share} (CPU backend, instance masks). */
  public static CopyPaste copyPaste(double p, double share) {
    return new CopyPaste(p, share);
  }

  /** Albumentations' ISONoise with its defaults: colour shift 0.01–0.05, intensity 0.1–0.5. */
  public static IsoNoise isoNoise(double p) {
    return new IsoNoise(p, 0.01, 0.05, 0.1, 0.5);
  }

  /** Resize by a factor drawn from {@code [minScale, maxScale]} (Albumentations' RandomScale, output size varies). */
  public static RandomScale randomScale(double minScale, double maxScale) {
    return new RandomScale(1, minScale, maxScale, Interpolation.BILINEAR);
  }

  /** Elastic deformation of amplitude {@code alpha} pixels and smoothness {@code sigma} pixels; see {@link ElasticTransform}. */
  public static ElasticTransform elasticTransform(double p, double alpha, double sigma) {
    return new ElasticTransform(p, alpha, sigma, Interpolation.BILINEAR, 0);
  }

  /** Radial lens distortion, coefficient within {@code ±distortLimit}, centre shifted by {@code ±shiftLimit}. */
  public static OpticalDistortion opticalDistortion(double p, double distortLimit, double shiftLimit) {
    return new OpticalDistortion(p, distortLimit, shiftLimit, Interpolation.BILINEAR, 0);
  }

  /** torchvision v2's RandomIoUCrop (SSD) with its defaults: scale 0.3–1, aspect 0.5–2, 40 trials. */
  public static RandomIoUCrop randomIoUCrop() {
    return new RandomIoUCrop(1, 0.3, 1, 0.5, 2, 40);
  }

  /** {@code minHoles..maxHoles} rectangles of {@code minSize..maxSize} of each side, filled with {@code fill}. */
  public static CoarseDropout coarseDropout(double p, int minHoles, int maxHoles, double minSize, double maxSize,
      double fill) {
    return new CoarseDropout(p, minHoles, maxHoles, minSize, maxSize, fill, false);
  }

  /** A grid of square holes, {@code ratio} of a unit of {@code minUnit..maxUnit} pixels, randomly shifted. */
  public static GridDropout gridDropout(double p, double ratio, int minUnit, int maxUnit) {
    return new GridDropout(p, ratio, minUnit, maxUnit, true, 0);
  }

  /** Shift R, G and B each by up to {@code ±limit} (on the {@code [0, 1]} scale; Albumentations' 20 is 20 / 255). */
  public static RgbShift rgbShift(double p, double limit) {
    return new RgbShift(p, limit, limit, limit);
  }

  /** Permute the channels of an RGB image at random. */
  public static ChannelShuffle channelShuffle(double p) {
    return new ChannelShuffle(p);
  }

  /** Blur along a line through the centre, odd kernel size {@code minSize..maxSize}, random angle. */
  public static MotionBlur motionBlur(double p, int minSize, int maxSize) {
    return new MotionBlur(p, minSize, maxSize);
  }

  /** Blur with a disc of radius {@code minRadius..maxRadius} pixels (out-of-focus lens). */
  public static Defocus defocus(double p, int minRadius, int maxRadius) {
    return new Defocus(p, minRadius, maxRadius);
  }

  /** Median of an odd window {@code minSize..maxSize}. */
  public static MedianBlur medianBlur(double p, int minSize, int maxSize) {
    return new MedianBlur(p, minSize, maxSize);
  }

  /** CLAHE with a clip limit drawn from {@code [1, maxClip]} on an 8x8 tile grid (Albumentations' defaults: 4). */
  public static Clahe clahe(double p, double maxClip) {
    return new Clahe(p, 1, maxClip, 8);
  }

  /** Multiply each pixel by a factor from {@code [min, max]}, per pixel or per value. */
  public static MultiplicativeNoise multiplicativeNoise(double p, double min, double max, boolean perChannel) {
    return new MultiplicativeNoise(p, min, max, perChannel);
  }

  // ---- validation helpers -------------------------------------------------------------------------

  static void range(String op, String name, double min, double max, double lo, double hi) {
    if (!(min >= lo && max <= hi && min <= max)) {
      throw new IllegalArgumentException(
          op + " " + name + " range must satisfy " + lo + " <= min <= max <= " + hi + ": [" + min + ", " + max + "]");
    }
  }

  static void within(String op, String name, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(op + " " + name + " must be in [" + lo + ", " + hi + "]: " + v);
    }
  }

  static double uniform(SplittableRandom rng, double min, double max) {
    return min == max ? min : min + (max - min) * rng.nextDouble();
  }

  static Interpolation interp(Interpolation i) {
    return i == null ? Interpolation.BILINEAR : i;
  }

  /** {@code T(c) * m * T(-c)}: applies {@code m} about the image centre. */
  static double[] aboutCentre(double[] m, double cx, double cy) {
    return Homography.multiply(Homography.translate(cx, cy), Homography.multiply(m, Homography.translate(-cx, -cy)));
  }

  // ---- geometric operations -----------------------------------------------------------------------

  /** Mirror left-right. @param p probability */
  public record HorizontalFlip(double p) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public HorizontalFlip withP(double p) {
      return new HorizontalFlip(p);
    }

    /** Validates. */
    public HorizontalFlip {
      Op.checkP("horizontalFlip", p);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("horizontalFlip");
      out.add(new ImageSteps.Warp(
          new double[] {-1, 0, ctx.width(), 0, 1, 0, 0, 0, 1}, ctx.width(), ctx.height(), Interpolation.NEAREST, 0));
    }
  }

  /** Mirror top-bottom. @param p probability */
  public record VerticalFlip(double p) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public VerticalFlip withP(double p) {
      return new VerticalFlip(p);
    }

    /** Validates. */
    public VerticalFlip {
      Op.checkP("verticalFlip", p);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("verticalFlip");
      out.add(new ImageSteps.Warp(
          new double[] {1, 0, 0, 0, -1, ctx.height(), 0, 0, 1}, ctx.width(), ctx.height(), Interpolation.NEAREST, 0));
    }
  }

  /**
   * Rotation about the centre, same output size.
   *
   * @param p probability
   * @param maxDegrees the angle is in {@code [-maxDegrees, maxDegrees]}
   * @param interpolation image interpolation
   * @param fill value outside the input
   */
  public record Rotate(double p, double maxDegrees, Interpolation interpolation, double fill,
      @com.fasterxml.jackson.annotation.JsonInclude(value = com.fasterxml.jackson.annotation.JsonInclude.Include.CUSTOM,
          valueFilter = BorderMode.ConstantFilter.class) BorderMode border) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Rotate withP(double p) {
      return new Rotate(p, maxDegrees, interpolation, fill, border);
    }

    /** Validates. */
    public Rotate {
      Op.checkP("rotate", p);
      within("rotate", "maxDegrees", maxDegrees, 0, 180);
      interpolation = interp(interpolation);
      border = border == null ? BorderMode.CONSTANT : border;
    }

    /** A rotation that fills with {@code fill} ({@link BorderMode#CONSTANT}). */
    public Rotate(double p, double maxDegrees, Interpolation interpolation, double fill) {
      this(p, maxDegrees, interpolation, fill, BorderMode.CONSTANT);
    }

    /** This rotation reading {@code mode} outside the image (reflect or replicate instead of the fill). */
    public Rotate withBorder(BorderMode mode) {
      return new Rotate(p, maxDegrees, interpolation, fill, mode);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("rotate");
      double a = Math.toRadians(uniform(rng, -maxDegrees, maxDegrees));
      double[] r = {Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1};
      out.add(new ImageSteps.Warp(
          aboutCentre(r, ctx.width() / 2.0, ctx.height() / 2.0), ctx.width(), ctx.height(), interpolation, fill,
          border));
    }
  }

  /**
   * Rotation, translation, scale and horizontal shear about the centre in one warp (torchvision's
   * RandomAffine parameterisation).
   *
   * @param p probability
   * @param maxDegrees rotation in {@code [-maxDegrees, maxDegrees]}
   * @param maxTranslate translation in {@code [-maxTranslate, maxTranslate]} times width (x) and height (y)
   * @param minScale smallest scale
   * @param maxScale largest scale
   * @param maxShearDegrees horizontal shear angle in {@code [-maxShearDegrees, maxShearDegrees]}
   * @param interpolation image interpolation
   * @param fill value outside the input
   */
  public record Affine(
      double p,
      double maxDegrees,
      double maxTranslate,
      double minScale,
      double maxScale,
      double maxShearDegrees,
      Interpolation interpolation,
      double fill,
      @com.fasterxml.jackson.annotation.JsonInclude(value = com.fasterxml.jackson.annotation.JsonInclude.Include.CUSTOM,
          valueFilter = BorderMode.ConstantFilter.class) BorderMode border)
      implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Affine withP(double p) {
      return new Affine(p, maxDegrees, maxTranslate, minScale, maxScale, maxShearDegrees, interpolation, fill,
          border);
    }

    /** Validates. */
    public Affine {
      Op.checkP("affine", p);
      within("affine", "maxDegrees", maxDegrees, 0, 180);
      within("affine", "maxTranslate", maxTranslate, 0, 1);
      range("affine", "scale", minScale, maxScale, 1e-3, 1e3);
      within("affine", "maxShearDegrees", maxShearDegrees, 0, 80);
      interpolation = interp(interpolation);
      border = border == null ? BorderMode.CONSTANT : border;
    }

    /** An affine warp that fills with {@code fill} ({@link BorderMode#CONSTANT}). */
    public Affine(double p, double maxDegrees, double maxTranslate, double minScale, double maxScale,
        double maxShearDegrees, Interpolation interpolation, double fill) {
      this(p, maxDegrees, maxTranslate, minScale, maxScale, maxShearDegrees, interpolation, fill, BorderMode.CONSTANT);
    }

    /** This warp reading {@code mode} outside the image (reflect or replicate instead of the fill). */
    public Affine withBorder(BorderMode mode) {
      return new Affine(p, maxDegrees, maxTranslate, minScale, maxScale, maxShearDegrees, interpolation, fill, mode);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("affine");
      double a = Math.toRadians(uniform(rng, -maxDegrees, maxDegrees));
      double tx = uniform(rng, -maxTranslate, maxTranslate) * ctx.width();
      double ty = uniform(rng, -maxTranslate, maxTranslate) * ctx.height();
      double s = uniform(rng, minScale, maxScale);
      double sh = Math.tan(Math.toRadians(uniform(rng, -maxShearDegrees, maxShearDegrees)));
      double[] rot = {Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1};
      double[] shear = {1, sh, 0, 0, 1, 0, 0, 0, 1};
      double[] m = Homography.multiply(rot, Homography.multiply(shear, Homography.scale(s, s)));
      m = aboutCentre(m, ctx.width() / 2.0, ctx.height() / 2.0);
      m = Homography.multiply(Homography.translate(tx, ty), m);
      out.add(new ImageSteps.Warp(m, ctx.width(), ctx.height(), interpolation, fill, border));
    }
  }

  /**
   * Perspective warp: each corner moves inwards by up to {@code distortion} times half the size.
   *
   * @param p probability
   * @param distortion in {@code [0, 1)}
   * @param interpolation image interpolation
   * @param fill value outside the input
   */
  public record Perspective(double p, double distortion, Interpolation interpolation, double fill,
      @com.fasterxml.jackson.annotation.JsonInclude(value = com.fasterxml.jackson.annotation.JsonInclude.Include.CUSTOM,
          valueFilter = BorderMode.ConstantFilter.class) BorderMode border) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Perspective withP(double p) {
      return new Perspective(p, distortion, interpolation, fill, border);
    }

    /** Validates. */
    public Perspective {
      Op.checkP("perspective", p);
      within("perspective", "distortion", distortion, 0, 0.95);
      interpolation = interp(interpolation);
      border = border == null ? BorderMode.CONSTANT : border;
    }

    /** A perspective warp that fills with {@code fill} ({@link BorderMode#CONSTANT}). */
    public Perspective(double p, double distortion, Interpolation interpolation, double fill) {
      this(p, distortion, interpolation, fill, BorderMode.CONSTANT);
    }

    /** This warp reading {@code mode} outside the image (reflect or replicate instead of the fill). */
    public Perspective withBorder(BorderMode mode) {
      return new Perspective(p, distortion, interpolation, fill, mode);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("perspective");
      double w = ctx.width(), h = ctx.height();
      double dw = distortion * w / 2, dh = distortion * h / 2;
      double[] src = {0, 0, w, 0, w, h, 0, h};
      double[] dst = {
        uniform(rng, 0, dw), uniform(rng, 0, dh),
        w - uniform(rng, 0, dw), uniform(rng, 0, dh),
        w - uniform(rng, 0, dw), h - uniform(rng, 0, dh),
        uniform(rng, 0, dw), h - uniform(rng, 0, dh)
      };
      out.add(new ImageSteps.Warp(Homography.fromPoints(src, dst), ctx.width(), ctx.height(), interpolation, fill,
          border));
    }
  }

  /**
   * Random resized crop to a fixed size. When its coin does not come up it still resizes the whole image,
   * so the output size never depends on chance.
   *
   * @param p probability of cropping (else the whole image is resized)
   * @param width output width
   * @param height output height
   * @param minScale smallest area fraction
   * @param maxScale largest area fraction
   * @param minRatio smallest aspect ratio (width / height)
   * @param maxRatio largest aspect ratio
   * @param interpolation image interpolation
   */
  public record RandomResizedCrop(
      double p,
      int width,
      int height,
      double minScale,
      double maxScale,
      double minRatio,
      double maxRatio,
      Interpolation interpolation)
      implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public RandomResizedCrop withP(double p) {
      return new RandomResizedCrop(p, width, height, minScale, maxScale, minRatio, maxRatio, interpolation);
    }

    /** Validates. */
    public RandomResizedCrop {
      Op.checkP("randomResizedCrop", p);
      if (width <= 0 || height <= 0) {
        throw new IllegalArgumentException("randomResizedCrop size must be positive: " + width + "x" + height);
      }
      range("randomResizedCrop", "scale", minScale, maxScale, 1e-6, 1);
      range("randomResizedCrop", "ratio", minRatio, maxRatio, 1e-3, 1e3);
      interpolation = interp(interpolation);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("randomResizedCrop");
      double w = ctx.width(), h = ctx.height(), area = w * h;
      double cx = 0, cy = 0, cw = w, ch = h;
      boolean found = false;
      for (int attempt = 0; attempt < 10 && !found; attempt++) {
        double target = area * uniform(rng, minScale, maxScale);
        double ratio = Math.exp(uniform(rng, Math.log(minRatio), Math.log(maxRatio)));
        double tw = Math.rint(Math.sqrt(target * ratio));
        double th = Math.rint(Math.sqrt(target / ratio));
        if (tw > 0 && th > 0 && tw <= w && th <= h) {
          cw = tw;
          ch = th;
          cx = rng.nextInt((int) (w - tw) + 1);
          cy = rng.nextInt((int) (h - th) + 1);
          found = true;
        }
      }
      if (!found) {
        // torchvision's fallback: the largest centred crop with an allowed ratio.
        double ratio = w / h;
        if (ratio < minRatio) {
          cw = w;
          ch = Math.rint(w / minRatio);
        } else if (ratio > maxRatio) {
          ch = h;
          cw = Math.rint(h * maxRatio);
        }
        cx = Math.floor((w - cw) / 2);
        cy = Math.floor((h - ch) / 2);
      }
      emit(ctx, out, cx, cy, cw, ch);
    }

    @Override
    public void skip(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("randomResizedCrop");
      emit(ctx, out, 0, 0, ctx.width(), ctx.height());
    }

    private void emit(SampleContext ctx, List<Step> out, double x, double y, double cw, double ch) {
      double sx = width / cw, sy = height / ch;
      out.add(new ImageSteps.Warp(
          new double[] {sx, 0, -x * sx, 0, sy, -y * sy, 0, 0, 1}, width, height, interpolation, 0));
      ctx.resize(width, height);
    }
  }

  /**
   * Pad with {@code fill} by {@code padding} pixels on every side, then crop a random {@code width x height}
   * window; when the coin does not come up the window is centred, so the output size is fixed.
   *
   * @param p probability of a random window (else centred)
   * @param width output width
   * @param height output height
   * @param padding pixels added on each side, {@code >= 0}
   * @param fill the padding value
   */
  public record PadCrop(double p, int width, int height, int padding, double fill) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public PadCrop withP(double p) {
      return new PadCrop(p, width, height, padding, fill);
    }

    /** Validates. */
    public PadCrop {
      Op.checkP("padCrop", p);
      if (width <= 0 || height <= 0) {
        throw new IllegalArgumentException("padCrop size must be positive: " + width + "x" + height);
      }
      if (padding < 0) {
        throw new IllegalArgumentException("padCrop padding must be >= 0: " + padding);
      }
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("padCrop");
      int slackX = ctx.width() + 2 * padding - width, slackY = ctx.height() + 2 * padding - height;
      int ox = slackX >= 0 ? rng.nextInt(slackX + 1) : slackX / 2;
      int oy = slackY >= 0 ? rng.nextInt(slackY + 1) : slackY / 2;
      emit(ctx, out, ox, oy);
    }

    @Override
    public void skip(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("padCrop");
      emit(ctx, out, (ctx.width() + 2 * padding - width) / 2, (ctx.height() + 2 * padding - height) / 2);
    }

    private void emit(SampleContext ctx, List<Step> out, int ox, int oy) {
      out.add(new ImageSteps.Warp(
          Homography.translate(padding - ox, padding - oy), width, height, Interpolation.NEAREST, fill));
      ctx.resize(width, height);
    }
  }

  /**
   * Grid distortion: the inner points of a {@code cells x cells} grid move by up to {@code limit} of a cell
   * in each direction; the image follows smoothly. Border points stay, so the frame is kept.
   *
   * @param p probability
   * @param cells grid cells per side, {@code >= 2}
   * @param limit largest displacement as a fraction of a cell, in {@code [0, 0.45]} (keeps the map one-to-one)
   * @param interpolation image interpolation
   * @param fill value outside the input, with {@link BorderMode#CONSTANT}
   * @param border what is read outside the input (absent from JSON when {@code CONSTANT})
   */
  public record GridDistortion(double p, int cells, double limit, Interpolation interpolation, double fill,
      @com.fasterxml.jackson.annotation.JsonInclude(value = com.fasterxml.jackson.annotation.JsonInclude.Include.CUSTOM,
          valueFilter = BorderMode.ConstantFilter.class) BorderMode border) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public GridDistortion withP(double p) {
      return new GridDistortion(p, cells, limit, interpolation, fill, border);
    }

    /** A grid distortion that fills with {@code fill} ({@link BorderMode#CONSTANT}). */
    public GridDistortion(double p, int cells, double limit, Interpolation interpolation, double fill) {
      this(p, cells, limit, interpolation, fill, BorderMode.CONSTANT);
    }

    /** This distortion reading {@code mode} outside the image (reflect or replicate instead of the fill). */
    public GridDistortion withBorder(BorderMode mode) {
      return new GridDistortion(p, cells, limit, interpolation, fill, mode);
    }

    /** Validates. */
    public GridDistortion {
      Op.checkP("gridDistortion", p);
      if (cells < 2 || cells > 64) {
        throw new IllegalArgumentException("gridDistortion cells must be in [2, 64]: " + cells);
      }
      within("gridDistortion", "limit", limit, 0, 0.45);
      interpolation = interp(interpolation);
      border = border == null ? BorderMode.CONSTANT : border;
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("gridDistortion");
      int n = (cells + 1) * (cells + 1);
      double[] dx = new double[n], dy = new double[n];
      double cellW = ctx.width() / (double) cells, cellH = ctx.height() / (double) cells;
      for (int j = 1; j < cells; j++) {
        for (int i = 1; i < cells; i++) {
          dx[j * (cells + 1) + i] = uniform(rng, -limit, limit) * cellW;
          dy[j * (cells + 1) + i] = uniform(rng, -limit, limit) * cellH;
        }
      }
      out.add(new ImageSteps.GridWarp(cells, cells, dx, dy, interpolation, fill, border));
    }
  }

  /** Where {@link PadIfNeeded} puts the image in the padded frame. */
  public enum PadPosition {
    /** Centred (extra pixel of an odd padding on the bottom / right, as Albumentations). */
    CENTER,
    /** In the top-left corner. */
    TOP_LEFT
  }

  /** Appends a resize from the context's size to {@code ow x oh}: a Gaussian prefilter when antialiasing a downscale. */
  static void emitResize(SampleContext ctx, List<Step> out, int ow, int oh, Interpolation interpolation,
      boolean antialias) {
    int w = ctx.width(), h = ctx.height();
    double f = Math.max(w / (double) ow, h / (double) oh);
    if (antialias && f > 1) {
      out.add(new ImageSteps.Blur(Math.min(20, (f - 1) / 2)));
    }
    out.add(new ImageSteps.Warp(new double[] {ow / (double) w, 0, 0, 0, oh / (double) h, 0, 0, 0, 1}, ow, oh,
        interpolation, 0));
    ctx.resize(ow, oh);
  }

  static void positive(String op, String name, int v) {
    if (v <= 0 || v > 1 << 16) {
      throw new IllegalArgumentException(op + " " + name + " must be in [1, 65536]: " + v);
    }
  }

  /**
   * Resize to a fixed size.
   *
   * @param p probability
   * @param width output width
   * @param height output height
   * @param interpolation image interpolation
   * @param antialias whether a downscale is prefiltered (Gaussian, {@code sigma = (f - 1) / 2})
   */
  public record Resize(double p, int width, int height, Interpolation interpolation, boolean antialias)
      implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Resize withP(double p) {
      return new Resize(p, width, height, interpolation, antialias);
    }

    /** Validates. */
    public Resize {
      Op.checkP("resize", p);
      positive("resize", "width", width);
      positive("resize", "height", height);
      interpolation = interp(interpolation);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("resize");
      emitResize(ctx, out, width, height, interpolation, antialias);
    }
  }

  /**
   * Scale so that the longer side becomes {@code maxSize}, keeping the aspect ratio (the other side rounded).
   *
   * @param p probability
   * @param maxSize the longer side after scaling
   * @param interpolation image interpolation
   * @param antialias whether a downscale is prefiltered
   */
  public record LongestMaxSize(double p, int maxSize, Interpolation interpolation, boolean antialias) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public LongestMaxSize withP(double p) {
      return new LongestMaxSize(p, maxSize, interpolation, antialias);
    }

    /** Validates. */
    public LongestMaxSize {
      Op.checkP("longestMaxSize", p);
      positive("longestMaxSize", "maxSize", maxSize);
      interpolation = interp(interpolation);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("longestMaxSize");
      double s = maxSize / (double) Math.max(ctx.width(), ctx.height());
      emitResize(ctx, out, Math.max(1, (int) Math.rint(ctx.width() * s)), Math.max(1, (int) Math.rint(ctx.height() * s)),
          interpolation, antialias);
    }
  }

  /**
   * Scale so that the shorter side becomes {@code maxSize}, keeping the aspect ratio (the other side rounded).
   *
   * @param p probability
   * @param maxSize the shorter side after scaling
   * @param interpolation image interpolation
   * @param antialias whether a downscale is prefiltered
   */
  public record SmallestMaxSize(double p, int maxSize, Interpolation interpolation, boolean antialias)
      implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public SmallestMaxSize withP(double p) {
      return new SmallestMaxSize(p, maxSize, interpolation, antialias);
    }

    /** Validates. */
    public SmallestMaxSize {
      Op.checkP("smallestMaxSize", p);
      positive("smallestMaxSize", "maxSize", maxSize);
      interpolation = interp(interpolation);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("smallestMaxSize");
      double s = maxSize / (double) Math.min(ctx.width(), ctx.height());
      emitResize(ctx, out, Math.max(1, (int) Math.rint(ctx.width() * s)), Math.max(1, (int) Math.rint(ctx.height() * s)),
          interpolation, antialias);
    }
  }

  /**
   * Pad to at least {@code minWidth x minHeight}; an image already that large is unchanged. Targets get the
   * offset.
   *
   * @param p probability
   * @param minWidth smallest output width
   * @param minHeight smallest output height
   * @param position where the image goes
   * @param fill the padding value
   */
  public record PadIfNeeded(double p, int minWidth, int minHeight, PadPosition position, double fill)
      implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public PadIfNeeded withP(double p) {
      return new PadIfNeeded(p, minWidth, minHeight, position, fill);
    }

    /** Validates. */
    public PadIfNeeded {
      Op.checkP("padIfNeeded", p);
      positive("padIfNeeded", "minWidth", minWidth);
      positive("padIfNeeded", "minHeight", minHeight);
      position = position == null ? PadPosition.CENTER : position;
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("padIfNeeded");
      int w = ctx.width(), h = ctx.height();
      int ow = Math.max(w, minWidth), oh = Math.max(h, minHeight);
      if (ow == w && oh == h) {
        return;
      }
      int left = position == PadPosition.CENTER ? (ow - w) / 2 : 0;
      int top = position == PadPosition.CENTER ? (oh - h) / 2 : 0;
      out.add(new ImageSteps.Warp(Homography.translate(left, top), ow, oh, Interpolation.NEAREST, fill));
      ctx.resize(ow, oh);
    }
  }

  /**
   * Crop the centre {@code width x height}; where the image is smaller it is padded with {@code fill} first
   * (torchvision's CenterCrop: offsets {@code round((size - crop) / 2)}, half to even, or
   * {@code -floor((crop - size) / 2)} when padding).
   *
   * @param p probability
   * @param width output width
   * @param height output height
   * @param fill the padding value
   */
  public record CenterCrop(double p, int width, int height, double fill) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public CenterCrop withP(double p) {
      return new CenterCrop(p, width, height, fill);
    }

    /** Validates. */
    public CenterCrop {
      Op.checkP("centerCrop", p);
      positive("centerCrop", "width", width);
      positive("centerCrop", "height", height);
    }

    static int offset(int size, int crop) {
      return crop > size ? -((crop - size) / 2) : (int) Math.rint((size - crop) / 2.0);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("centerCrop");
      int left = offset(ctx.width(), width), top = offset(ctx.height(), height);
      out.add(new ImageSteps.Warp(Homography.translate(-left, -top), width, height, Interpolation.NEAREST, fill));
      ctx.resize(width, height);
    }
  }

  /**
   * Rotation by {@code k * 90} degrees counter-clockwise, {@code k} uniform in {@code 0..3} (numpy's rot90, as
   * Albumentations); exact (pixels are moved, not interpolated). Odd {@code k} swaps width and height.
   *
   * @param p probability
   */
  public record RandomRotate90(double p) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public RandomRotate90 withP(double p) {
      return new RandomRotate90(p);
    }

    /** Validates. */
    public RandomRotate90 {
      Op.checkP("randomRotate90", p);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("randomRotate90");
      int k = rng.nextInt(4);
      int w = ctx.width(), h = ctx.height();
      double[] m;
      switch (k) {
        case 0 -> {
          return;
        }
        case 1 -> m = new double[] {0, 1, 0, -1, 0, w, 0, 0, 1};
        case 2 -> m = new double[] {-1, 0, w, 0, -1, h, 0, 0, 1};
        default -> m = new double[] {0, -1, h, 1, 0, 0, 0, 0, 1};
      }
      int ow = k % 2 == 1 ? h : w, oh = k % 2 == 1 ? w : h;
      out.add(new ImageSteps.Warp(m, ow, oh, Interpolation.NEAREST, 0));
      ctx.resize(ow, oh);
    }
  }

  /**
   * Swap rows and columns (the main-diagonal mirror); exact. Width and height swap.
   *
   * @param p probability
   */
  public record Transpose(double p) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Transpose withP(double p) {
      return new Transpose(p);
    }

    /** Validates. */
    public Transpose {
      Op.checkP("transpose", p);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("transpose");
      int w = ctx.width(), h = ctx.height();
      out.add(new ImageSteps.Warp(new double[] {0, 1, 0, 1, 0, 0, 0, 0, 1}, h, w, Interpolation.NEAREST, 0));
      ctx.resize(h, w);
    }
  }

  /** The union of {@code boxes}, each shrunk by {@code rate} of its size on every side, clipped to the image. */
  static double[] erodedUnion(List<dev.datamgmt.core.label.Box> boxes, double rate, int w, int h) {
    double x1 = Double.POSITIVE_INFINITY, y1 = x1, x2 = Double.NEGATIVE_INFINITY, y2 = x2;
    for (dev.datamgmt.core.label.Box b : boxes) {
      double bw = b.x2() - b.x1(), bh = b.y2() - b.y1();
      x1 = Math.min(x1, b.x1() + rate * bw);
      y1 = Math.min(y1, b.y1() + rate * bh);
      x2 = Math.max(x2, b.x2() - rate * bw);
      y2 = Math.max(y2, b.y2() - rate * bh);
    }
    x1 = Math.max(0, Math.min(w, x1));
    x2 = Math.max(x1, Math.min(w, x2));
    y1 = Math.max(0, Math.min(h, y1));
    y2 = Math.max(y1, Math.min(h, y2));
    return new double[] {x1, y1, x2, y2};
  }

  /**
   * A crop that keeps every box whole, resized to a fixed size (Albumentations' RandomSizedBBoxSafeCrop, in
   * continuous coordinates: the window's edges are drawn uniformly between the image edge and the boxes' union).
   * When its coin does not come up the whole image is resized, so the output size is fixed.
   *
   * @param p probability
   * @param width output width
   * @param height output height
   * @param erosionRate how far each box may be cut, as a fraction of its size per side, in {@code [0, 0.5]}
   * @param interpolation image interpolation
   */
  public record RandomSizedBBoxSafeCrop(double p, int width, int height, double erosionRate,
      Interpolation interpolation) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public RandomSizedBBoxSafeCrop withP(double p) {
      return new RandomSizedBBoxSafeCrop(p, width, height, erosionRate, interpolation);
    }

    /** Validates. */
    public RandomSizedBBoxSafeCrop {
      Op.checkP("randomSizedBBoxSafeCrop", p);
      positive("randomSizedBBoxSafeCrop", "width", width);
      positive("randomSizedBBoxSafeCrop", "height", height);
      within("randomSizedBBoxSafeCrop", "erosionRate", erosionRate, 0, 0.5);
      interpolation = interp(interpolation);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("randomSizedBBoxSafeCrop");
      int w = ctx.width(), h = ctx.height();
      List<dev.datamgmt.core.label.Box> boxes = ctx.currentBoxes(out);
      double cx, cy, cw, ch;
      if (boxes.isEmpty()) {
        ch = h * uniform(rng, 1 - erosionRate, 1);
        cw = ch * w / h;
        cx = (w - cw) * rng.nextDouble();
        cy = (h - ch) * rng.nextDouble();
      } else {
        double[] u = erodedUnion(boxes, erosionRate, w, h);
        double bx = u[0] * rng.nextDouble(), by = u[1] * rng.nextDouble();
        double bx2 = u[2] + (w - u[2]) * rng.nextDouble(), by2 = u[3] + (h - u[3]) * rng.nextDouble();
        cx = bx;
        cy = by;
        cw = Math.max(1e-6, bx2 - bx);
        ch = Math.max(1e-6, by2 - by);
      }
      emitCrop(ctx, out, cx, cy, cw, ch);
    }

    @Override
    public void skip(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("randomSizedBBoxSafeCrop");
      emitCrop(ctx, out, 0, 0, ctx.width(), ctx.height());
    }

    private void emitCrop(SampleContext ctx, List<Step> out, double x, double y, double cw, double ch) {
      double sx = width / cw, sy = height / ch;
      out.add(new ImageSteps.Warp(
          new double[] {sx, 0, -x * sx, 0, sy, -y * sy, 0, 0, 1}, width, height, interpolation, 0));
      ctx.resize(width, height);
    }
  }

  /**
   * A fixed-size crop (no resize, whole-pixel offsets, so pixels are copied exactly) that fully contains at least
   * one box: a box is chosen uniformly, shrunk by {@code erosionFactor} of its size per side, and the window's
   * offset drawn uniformly among those that contain it and stay in the image (centred on the box when none
   * does). Without boxes the offset is uniform. Where the image is smaller than the window it is padded with
   * {@code fill}, centred. When its coin does not come up the window is centred, so the output size is fixed.
   *
   * @param p probability
   * @param width output width
   * @param height output height
   * @param erosionFactor fraction of a box's size per side that may be cut, in {@code [0, 0.5]}
   * @param fill the padding value
   */
  public record AtLeastOneBBoxRandomCrop(double p, int width, int height, double erosionFactor, double fill)
      implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public AtLeastOneBBoxRandomCrop withP(double p) {
      return new AtLeastOneBBoxRandomCrop(p, width, height, erosionFactor, fill);
    }

    /** Validates. */
    public AtLeastOneBBoxRandomCrop {
      Op.checkP("atLeastOneBBoxRandomCrop", p);
      positive("atLeastOneBBoxRandomCrop", "width", width);
      positive("atLeastOneBBoxRandomCrop", "height", height);
      within("atLeastOneBBoxRandomCrop", "erosionFactor", erosionFactor, 0, 0.5);
    }

    /** An offset along one axis: window {@code crop} in {@code size}, keeping {@code [lo, hi]} inside. */
    private static int offset(SplittableRandom rng, int size, int crop, double lo, double hi, boolean any) {
      if (crop >= size) {
        return -((crop - size) / 2);
      }
      int min = 0, max = size - crop;
      if (!any) {
        min = Math.max(min, (int) Math.ceil(hi) - crop);
        max = Math.min(max, (int) Math.floor(lo));
        if (min > max) {
          return (int) Math.max(0, Math.min(size - crop, Math.rint((lo + hi) / 2 - crop / 2.0)));
        }
      }
      return min + rng.nextInt(max - min + 1);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("atLeastOneBBoxRandomCrop");
      int w = ctx.width(), h = ctx.height();
      List<dev.datamgmt.core.label.Box> boxes = ctx.currentBoxes(out);
      int ox, oy;
      if (boxes.isEmpty()) {
        ox = offset(rng, w, width, 0, 0, true);
        oy = offset(rng, h, height, 0, 0, true);
      } else {
        double[] e = erodedUnion(List.of(boxes.get(rng.nextInt(boxes.size()))), erosionFactor, w, h);
        ox = offset(rng, w, width, e[0], e[2], false);
        oy = offset(rng, h, height, e[1], e[3], false);
      }
      emit(ctx, out, ox, oy);
    }

    @Override
    public void skip(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("atLeastOneBBoxRandomCrop");
      emit(ctx, out, CenterCrop.offset(ctx.width(), width), CenterCrop.offset(ctx.height(), height));
    }

    private void emit(SampleContext ctx, List<Step> out, int ox, int oy) {
      out.add(new ImageSteps.Warp(Homography.translate(-ox, -oy), width, height, Interpolation.NEAREST, fill));
      ctx.resize(width, height);
    }
  }

  // ---- colour operations ----------------------------------------------------------------------------

  /** Brightness. @param p probability @param min smallest factor @param max largest factor */
  public record Brightness(double p, double min, double max) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Brightness withP(double p) {
      return new Brightness(p, min, max);
    }

    /** Validates. */
    public Brightness {
      Op.checkP("brightness", p);
      range("brightness", "factor", min, max, 0, 100);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Brightness(uniform(rng, min, max)));
    }
  }

  /** Contrast. @param p probability @param min smallest factor @param max largest factor */
  public record Contrast(double p, double min, double max) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Contrast withP(double p) {
      return new Contrast(p, min, max);
    }

    /** Validates. */
    public Contrast {
      Op.checkP("contrast", p);
      range("contrast", "factor", min, max, 0, 100);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Contrast(uniform(rng, min, max)));
    }
  }

  /** Saturation. @param p probability @param min smallest factor @param max largest factor */
  public record Saturation(double p, double min, double max) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Saturation withP(double p) {
      return new Saturation(p, min, max);
    }

    /** Validates. */
    public Saturation {
      Op.checkP("saturation", p);
      range("saturation", "factor", min, max, 0, 100);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Saturation(uniform(rng, min, max)));
    }
  }

  /** Hue rotation. @param p probability @param maxShift largest shift in turns, {@code <= 0.5} */
  public record Hue(double p, double maxShift) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Hue withP(double p) {
      return new Hue(p, maxShift);
    }

    /** Validates. */
    public Hue {
      Op.checkP("hue", p);
      within("hue", "maxShift", maxShift, 0, 0.5);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Hue(uniform(rng, -maxShift, maxShift)));
    }
  }

  /** Gamma. @param p probability @param min smallest gamma @param max largest gamma */
  public record Gamma(double p, double min, double max) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Gamma withP(double p) {
      return new Gamma(p, min, max);
    }

    /** Validates. */
    public Gamma {
      Op.checkP("gamma", p);
      range("gamma", "gamma", min, max, 1e-3, 100);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Gamma(uniform(rng, min, max)));
    }
  }

  /** Grayscale. @param p probability */
  public record Grayscale(double p) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Grayscale withP(double p) {
      return new Grayscale(p);
    }

    /** Validates. */
    public Grayscale {
      Op.checkP("grayscale", p);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Grayscale());
    }
  }

  /** Invert. @param p probability */
  public record Invert(double p) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Invert withP(double p) {
      return new Invert(p);
    }

    /** Validates. */
    public Invert {
      Op.checkP("invert", p);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Invert());
    }
  }

  /** Posterize. @param p probability @param minBits fewest bits kept (1..8) @param maxBits most bits kept */
  public record Posterize(double p, int minBits, int maxBits) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Posterize withP(double p) {
      return new Posterize(p, minBits, maxBits);
    }

    /** Validates. */
    public Posterize {
      Op.checkP("posterize", p);
      range("posterize", "bits", minBits, maxBits, 1, 8);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Posterize(minBits + rng.nextInt(maxBits - minBits + 1)));
    }
  }

  /** Solarize. @param p probability @param minThreshold lowest threshold @param maxThreshold highest threshold */
  public record Solarize(double p, double minThreshold, double maxThreshold) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Solarize withP(double p) {
      return new Solarize(p, minThreshold, maxThreshold);
    }

    /** Validates. */
    public Solarize {
      Op.checkP("solarize", p);
      range("solarize", "threshold", minThreshold, maxThreshold, 0, 1);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Solarize(uniform(rng, minThreshold, maxThreshold)));
    }
  }

  /** Auto-contrast. @param p probability */
  public record AutoContrast(double p) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public AutoContrast withP(double p) {
      return new AutoContrast(p);
    }

    /** Validates. */
    public AutoContrast {
      Op.checkP("autoContrast", p);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.AutoContrast());
    }
  }

  /** Histogram equalization. @param p probability */
  public record Equalize(double p) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Equalize withP(double p) {
      return new Equalize(p);
    }

    /** Validates. */
    public Equalize {
      Op.checkP("equalize", p);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Equalize());
    }
  }

  /** Sharpness. @param p probability @param min smallest factor @param max largest factor */
  public record Sharpness(double p, double min, double max) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Sharpness withP(double p) {
      return new Sharpness(p, min, max);
    }

    /** Validates. */
    public Sharpness {
      Op.checkP("sharpness", p);
      range("sharpness", "factor", min, max, 0, 100);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Sharpness(uniform(rng, min, max)));
    }
  }

  /**
   * torchvision's ColorJitter: factors drawn, then the four adjustments in a random order (a uniform
   * permutation). A 0 setting leaves that adjustment out.
   *
   * @param p probability
   * @param brightness brightness factor in {@code [max(0, 1 - brightness), 1 + brightness]}
   * @param contrast contrast factor likewise
   * @param saturation saturation factor likewise
   * @param hue hue shift in {@code [-hue, hue]} turns, {@code <= 0.5}
   */
  public record ColorJitter(double p, double brightness, double contrast, double saturation, double hue)
      implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public ColorJitter withP(double p) {
      return new ColorJitter(p, brightness, contrast, saturation, hue);
    }

    /** Validates. */
    public ColorJitter {
      Op.checkP("colorJitter", p);
      within("colorJitter", "brightness", brightness, 0, 100);
      within("colorJitter", "contrast", contrast, 0, 100);
      within("colorJitter", "saturation", saturation, 0, 100);
      within("colorJitter", "hue", hue, 0, 0.5);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      int[] order = {0, 1, 2, 3};
      for (int i = 3; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      double b = uniform(rng, Math.max(0, 1 - brightness), 1 + brightness);
      double c = uniform(rng, Math.max(0, 1 - contrast), 1 + contrast);
      double s = uniform(rng, Math.max(0, 1 - saturation), 1 + saturation);
      double h = uniform(rng, -hue, hue);
      for (int k : order) {
        switch (k) {
          case 0 -> {
            if (brightness > 0) {
              out.add(new ImageSteps.Brightness(b));
            }
          }
          case 1 -> {
            if (contrast > 0) {
              out.add(new ImageSteps.Contrast(c));
            }
          }
          case 2 -> {
            if (saturation > 0) {
              out.add(new ImageSteps.Saturation(s));
            }
          }
          default -> {
            if (hue > 0) {
              out.add(new ImageSteps.Hue(h));
            }
          }
        }
      }
    }
  }

  /**
   * Hue, saturation and value shifts (Albumentations' HueSaturationValue).
   *
   * @param p probability
   * @param hueDegrees largest hue shift in degrees, {@code <= 180}
   * @param saturation largest saturation shift on {@code [0, 1]}
   * @param value largest value shift on {@code [0, 1]}
   */
  public record HueSaturationValue(double p, double hueDegrees, double saturation, double value) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public HueSaturationValue withP(double p) {
      return new HueSaturationValue(p, hueDegrees, saturation, value);
    }

    /** Validates. */
    public HueSaturationValue {
      Op.checkP("hueSaturationValue", p);
      within("hueSaturationValue", "hueDegrees", hueDegrees, 0, 180);
      within("hueSaturationValue", "saturation", saturation, 0, 1);
      within("hueSaturationValue", "value", value, 0, 1);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.HsvShift(uniform(rng, -hueDegrees, hueDegrees), uniform(rng, -saturation, saturation),
          uniform(rng, -value, value)));
    }
  }

  /** Gaussian noise. @param p probability @param minSigma smallest sigma @param maxSigma largest sigma */
  public record GaussianNoise(double p, double minSigma, double maxSigma) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public GaussianNoise withP(double p) {
      return new GaussianNoise(p, minSigma, maxSigma);
    }

    /** Validates. */
    public GaussianNoise {
      Op.checkP("gaussianNoise", p);
      range("gaussianNoise", "sigma", minSigma, maxSigma, 0, 10);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Noise(uniform(rng, minSigma, maxSigma), rng.nextLong()));
    }
  }

  /** Gaussian blur. @param p probability @param minSigma smallest sigma @param maxSigma largest sigma */
  public record GaussianBlur(double p, double minSigma, double maxSigma) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public GaussianBlur withP(double p) {
      return new GaussianBlur(p, minSigma, maxSigma);
    }

    /** Validates. */
    public GaussianBlur {
      Op.checkP("gaussianBlur", p);
      range("gaussianBlur", "sigma", minSigma, maxSigma, 0, 20);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Blur(uniform(rng, minSigma, maxSigma)));
    }
  }

  /** JPEG degradation. @param p probability @param minQuality lowest quality @param maxQuality highest quality */
  public record JpegQuality(double p, int minQuality, int maxQuality) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public JpegQuality withP(double p) {
      return new JpegQuality(p, minQuality, maxQuality);
    }

    /** Validates. */
    public JpegQuality {
      Op.checkP("jpegQuality", p);
      range("jpegQuality", "quality", minQuality, maxQuality, 1, 100);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Jpeg(minQuality + rng.nextInt(maxQuality - minQuality + 1)));
    }
  }

  /** Pixelate. @param p probability @param minBlock smallest block @param maxBlock largest block */
  public record Pixelate(double p, int minBlock, int maxBlock) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Pixelate withP(double p) {
      return new Pixelate(p, minBlock, maxBlock);
    }

    /** Validates. */
    public Pixelate {
      Op.checkP("pixelate", p);
      range("pixelate", "block", minBlock, maxBlock, 1, 4096);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Pixelate(minBlock + rng.nextInt(maxBlock - minBlock + 1)));
    }
  }

  /**
   * Random erasing (cutout), torchvision's algorithm.
   *
   * @param p probability
   * @param minArea smallest area fraction
   * @param maxArea largest area fraction
   * @param minRatio smallest aspect ratio
   * @param maxRatio largest aspect ratio
   * @param value the fill value
   */
  public record RandomErasing(double p, double minArea, double maxArea, double minRatio, double maxRatio, double value)
      implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public RandomErasing withP(double p) {
      return new RandomErasing(p, minArea, maxArea, minRatio, maxRatio, value);
    }

    /** Validates. */
    public RandomErasing {
      Op.checkP("randomErasing", p);
      range("randomErasing", "area", minArea, maxArea, 0, 1);
      range("randomErasing", "ratio", minRatio, maxRatio, 1e-3, 1e3);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("randomErasing");
      int w = ctx.width(), h = ctx.height();
      for (int attempt = 0; attempt < 10; attempt++) {
        double target = w * (double) h * uniform(rng, minArea, maxArea);
        double ratio = Math.exp(uniform(rng, Math.log(minRatio), Math.log(maxRatio)));
        int ew = (int) Math.rint(Math.sqrt(target * ratio));
        int eh = (int) Math.rint(Math.sqrt(target / ratio));
        if (ew > 0 && eh > 0 && ew < w && eh < h) {
          int x = rng.nextInt(w - ew + 1), y = rng.nextInt(h - eh + 1);
          out.add(new ImageSteps.Erase(x, y, x + ew, y + eh, value));
          return;
        }
      }
    }
  }

  /** Per-channel normalization, always applied. @param mean per-channel mean @param std per-channel std */
  public record Normalize(List<Double> mean, List<Double> std) implements Op {
    /** Validates (through the step it produces). */
    public Normalize {
      mean = List.copyOf(mean);
      std = List.copyOf(std);
      new ImageSteps.Normalize(mean, std);
    }

    @Override
    public double p() {
      return 1.0;
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Normalize(mean, std));
    }
  }

  /** Mixup. @param p probability @param alpha Beta distribution parameter, {@code > 0} */
  public record Mixup(double p, double alpha) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Mixup withP(double p) {
      return new Mixup(p, alpha);
    }

    /** Validates. */
    public Mixup {
      Op.checkP("mixup", p);
      within("mixup", "alpha", alpha, 1e-3, 1e3);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      double lambda = Distributions.beta(rng, alpha, alpha);
      out.add(new ImageSteps.Mix(false, lambda, rng.nextDouble(), 0.5, 0.5));
    }
  }

  /** CutMix. @param p probability @param alpha Beta distribution parameter, {@code > 0} */
  public record CutMix(double p, double alpha) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public CutMix withP(double p) {
      return new CutMix(p, alpha);
    }

    /** Validates. */
    public CutMix {
      Op.checkP("cutMix", p);
      within("cutMix", "alpha", alpha, 1e-3, 1e3);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      double lambda = Distributions.beta(rng, alpha, alpha);
      out.add(new ImageSteps.Mix(true, lambda, rng.nextDouble(), rng.nextDouble(), rng.nextDouble()));
    }
  }

  // ---- distortions, object-aware crops, dropouts, filters and noise (issue 20) ---------------------

  /** An odd number drawn uniformly from the odd numbers in {@code [min, max]} (both odd). */
  static int odd(SplittableRandom rng, int min, int max) {
    return min + 2 * rng.nextInt((max - min) / 2 + 1);
  }

  static void oddRange(String op, String name, int min, int max, int lo, int hi) {
    if (min % 2 == 0 || max % 2 == 0 || min < lo || max > hi || min > max) {
      throw new IllegalArgumentException(op + " " + name + " range must be odd numbers with " + lo + " <= min <= max <= "
          + hi + ": [" + min + ", " + max + "]");
    }
  }

  static void intRange(String op, String name, int min, int max, int lo, int hi) {
    range(op, name, min, max, lo, hi);
  }

  /** A grid-warp field with {@code cellsX x cellsY} cells whose displacement at grid point (x, y) is {@code f}. */
  interface GridField {
    /** The displacement {@code {dx, dy}} in pixels at grid point {@code (x, y)} in pixels. */
    double[] at(double x, double y);
  }

  static ImageSteps.GridWarp gridWarp(int w, int h, int cellsX, int cellsY, GridField f, Interpolation interpolation,
      double fill, BorderMode border) {
    int n = (cellsX + 1) * (cellsY + 1);
    double[] dx = new double[n], dy = new double[n];
    for (int j = 0; j <= cellsY; j++) {
      for (int i = 0; i <= cellsX; i++) {
        double[] d = f.at(i * (double) w / cellsX, j * (double) h / cellsY);
        dx[j * (cellsX + 1) + i] = d[0];
        dy[j * (cellsX + 1) + i] = d[1];
      }
    }
    return new ImageSteps.GridWarp(cellsX, cellsY, dx, dy, interpolation, fill, border);
  }

  /**
   * Random scale: the image is resized by one factor drawn from {@code [minScale, maxScale]} (Albumentations'
   * {@code RandomScale(scale_limit)} is {@code [1 + lo, 1 + hi]}); the output size is {@code round(f * size)}, so
   * samples of one batch may differ in size (the CPU backend; a device batch needs one size).
   *
   * @param p probability
   * @param minScale smallest factor, {@code > 0}
   * @param maxScale largest factor, at most 10
   * @param interpolation image interpolation
   */
  public record RandomScale(double p, double minScale, double maxScale, Interpolation interpolation) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public RandomScale withP(double p) {
      return new RandomScale(p, minScale, maxScale, interpolation);
    }

    /** Validates. */
    public RandomScale {
      Op.checkP("randomScale", p);
      range("randomScale", "scale", minScale, maxScale, 1e-3, 10);
      interpolation = interp(interpolation);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("randomScale");
      double f = uniform(rng, minScale, maxScale);
      emitResize(ctx, out, Math.max(1, (int) Math.rint(ctx.width() * f)), Math.max(1, (int) Math.rint(ctx.height() * f)),
          interpolation, false);
    }
  }

  /**
   * Elastic deformation: every point of a grid of spacing at least {@code sigma} pixels moves by
   * {@code alpha * u}, {@code u} uniform on {@code [-1, 1]} per axis and smoothed over the grid with the binomial
   * filter {@code [1, 2, 1] / 4}; the image follows bilinearly between grid points. This approximates
   * Albumentations' / torchvision's ElasticTransform (a per-pixel random field Gaussian-filtered with
   * {@code sigma} and scaled by {@code alpha}) with a field that is smooth on the scale {@code sigma} by
   * construction, and it moves boxes, keypoints and masks exactly with the image. {@code alpha <= 0.45 sigma} keeps
   * the map one-to-one.
   *
   * @param p probability
   * @param alpha largest displacement in pixels
   * @param sigma grid spacing in pixels, {@code >= 4}
   * @param interpolation image interpolation
   * @param fill value read outside the input, with {@link BorderMode#CONSTANT}
   * @param border what is read outside the input (absent from JSON when {@code CONSTANT})
   */
  public record ElasticTransform(double p, double alpha, double sigma, Interpolation interpolation, double fill,
      @com.fasterxml.jackson.annotation.JsonInclude(value = com.fasterxml.jackson.annotation.JsonInclude.Include.CUSTOM,
          valueFilter = BorderMode.ConstantFilter.class) BorderMode border) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public ElasticTransform withP(double p) {
      return new ElasticTransform(p, alpha, sigma, interpolation, fill, border);
    }

    /** An elastic transform that fills with {@code fill} ({@link BorderMode#CONSTANT}). */
    public ElasticTransform(double p, double alpha, double sigma, Interpolation interpolation, double fill) {
      this(p, alpha, sigma, interpolation, fill, BorderMode.CONSTANT);
    }

    /** This transform reading {@code mode} outside the image (Albumentations' default is reflect). */
    public ElasticTransform withBorder(BorderMode mode) {
      return new ElasticTransform(p, alpha, sigma, interpolation, fill, mode);
    }

    /** Validates. */
    public ElasticTransform {
      Op.checkP("elasticTransform", p);
      within("elasticTransform", "sigma", sigma, 4, 4096);
      within("elasticTransform", "alpha (at most 0.45 sigma = " + 0.45 * sigma + ")", alpha, 0, 0.45 * sigma);
      interpolation = interp(interpolation);
      border = border == null ? BorderMode.CONSTANT : border;
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("elasticTransform");
      int w = ctx.width(), h = ctx.height();
      int cx = Math.max(1, Math.min(64, (int) (w / sigma))), cy = Math.max(1, Math.min(64, (int) (h / sigma)));
      double[][] ux = new double[cy + 1][cx + 1], uy = new double[cy + 1][cx + 1];
      for (int j = 0; j <= cy; j++) {
        for (int i = 0; i <= cx; i++) {
          ux[j][i] = uniform(rng, -1, 1);
          uy[j][i] = uniform(rng, -1, 1);
        }
      }
      double[][] sx = smooth(ux), sy = smooth(uy);
      out.add(gridWarp(w, h, cx, cy, (x, y) -> {
        int i = (int) Math.rint(x * cx / w), j = (int) Math.rint(y * cy / h);
        return new double[] {alpha * sx[j][i], alpha * sy[j][i]};
      }, interpolation, fill, border));
    }

    /** The binomial filter {@code [1, 2, 1] / 4} along both axes, edges replicated. */
    private static double[][] smooth(double[][] u) {
      int rows = u.length, cols = u[0].length;
      double[][] a = new double[rows][cols], b = new double[rows][cols];
      for (int j = 0; j < rows; j++) {
        for (int i = 0; i < cols; i++) {
          a[j][i] = (u[j][Math.max(0, i - 1)] + 2 * u[j][i] + u[j][Math.min(cols - 1, i + 1)]) / 4;
        }
      }
      for (int j = 0; j < rows; j++) {
        for (int i = 0; i < cols; i++) {
          b[j][i] = (a[Math.max(0, j - 1)][i] + 2 * a[j][i] + a[Math.min(rows - 1, j + 1)][i]) / 4;
        }
      }
      return b;
    }
  }

  /**
   * Radial lens distortion as Albumentations' OpticalDistortion sets up OpenCV's undistortion map (focal lengths
   * {@code w} and {@code h}, {@code k1 = k2 = k}): output point {@code q} reads
   * {@code c + (q - c)(1 + k r^2 + k r^4)}, {@code r} the distance from the centre {@code c} in those units. The
   * field is evaluated exactly on a 16 x 16 grid and bilinear in between (within a few hundredths of a pixel of
   * the exact map at these limits), so boxes, keypoints and masks move with the image.
   *
   * @param p probability
   * @param distortLimit largest {@code |k|}, at most 0.1 (keeps the map one-to-one)
   * @param shiftLimit largest centre shift as a fraction of the size, at most 0.1
   * @param interpolation image interpolation
   * @param fill value read outside the input, with {@link BorderMode#CONSTANT}
   * @param border what is read outside the input (absent from JSON when {@code CONSTANT})
   */
  public record OpticalDistortion(double p, double distortLimit, double shiftLimit, Interpolation interpolation,
      double fill, @com.fasterxml.jackson.annotation.JsonInclude(value = com.fasterxml.jackson.annotation.JsonInclude.Include.CUSTOM,
          valueFilter = BorderMode.ConstantFilter.class) BorderMode border) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public OpticalDistortion withP(double p) {
      return new OpticalDistortion(p, distortLimit, shiftLimit, interpolation, fill, border);
    }

    /** An optical distortion that fills with {@code fill} ({@link BorderMode#CONSTANT}). */
    public OpticalDistortion(double p, double distortLimit, double shiftLimit, Interpolation interpolation,
        double fill) {
      this(p, distortLimit, shiftLimit, interpolation, fill, BorderMode.CONSTANT);
    }

    /** This distortion reading {@code mode} outside the image (reflect or replicate instead of the fill). */
    public OpticalDistortion withBorder(BorderMode mode) {
      return new OpticalDistortion(p, distortLimit, shiftLimit, interpolation, fill, mode);
    }

    /** Validates. */
    public OpticalDistortion {
      Op.checkP("opticalDistortion", p);
      within("opticalDistortion", "distortLimit", distortLimit, 0, 0.1);
      within("opticalDistortion", "shiftLimit", shiftLimit, 0, 0.1);
      interpolation = interp(interpolation);
      border = border == null ? BorderMode.CONSTANT : border;
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("opticalDistortion");
      int w = ctx.width(), h = ctx.height();
      double k = uniform(rng, -distortLimit, distortLimit);
      double cx = w * (0.5 + uniform(rng, -shiftLimit, shiftLimit));
      double cy = h * (0.5 + uniform(rng, -shiftLimit, shiftLimit));
      out.add(gridWarp(w, h, Math.min(16, w), Math.min(16, h), (x, y) -> {
        double nx = (x - cx) / w, ny = (y - cy) / h, r2 = nx * nx + ny * ny;
        double f = k * r2 + k * r2 * r2;
        return new double[] {(x - cx) * f, (y - cy) * f};
      }, interpolation, fill, border));
    }
  }

  /**
   * torchvision v2's RandomIoUCrop (the SSD crop): draw a minimum IoU from {@code {0, 0.1, 0.3, 0.5, 0.7, 0.9}}
   * or leave the image as it is (the seventh option); then up to {@code trials} windows of
   * {@code [minScale, maxScale]} of each side with aspect ratio in {@code [minAspect, maxAspect]}; the first window
   * that holds the centre of at least one box and has IoU at least the minimum with one of those boxes is cut out
   * (whole pixels, no resize). torchvision repeats until some window fits; here at most 64 rounds, then the image is
   * left as it is, as it is without boxes. torchvision drops the boxes whose centre is outside the window; here the
   * {@code BoxPolicy} decides, by visibility.
   *
   * @param p probability
   * @param minScale smallest window side as a fraction of the image side
   * @param maxScale largest
   * @param minAspect smallest window aspect ratio (w / h)
   * @param maxAspect largest
   * @param trials windows tried per drawn minimum IoU
   */
  public record RandomIoUCrop(double p, double minScale, double maxScale, double minAspect, double maxAspect,
      int trials) implements Op {
    private static final double[] OPTIONS = {0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0};

    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public RandomIoUCrop withP(double p) {
      return new RandomIoUCrop(p, minScale, maxScale, minAspect, maxAspect, trials);
    }

    /** Validates. */
    public RandomIoUCrop {
      Op.checkP("randomIoUCrop", p);
      range("randomIoUCrop", "scale", minScale, maxScale, 1e-3, 1);
      range("randomIoUCrop", "aspect", minAspect, maxAspect, 1e-3, 1e3);
      within("randomIoUCrop", "trials", trials, 1, 1000);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("randomIoUCrop");
      int w = ctx.width(), h = ctx.height();
      List<dev.datamgmt.core.label.Box> boxes = ctx.currentBoxes(out);
      if (boxes.isEmpty()) {
        return;
      }
      for (int round = 0; round < 64; round++) {
        double minIou = OPTIONS[rng.nextInt(OPTIONS.length)];
        if (minIou >= 1) {
          return;
        }
        for (int t = 0; t < trials; t++) {
          int cw = (int) (w * uniform(rng, minScale, maxScale)), ch = (int) (h * uniform(rng, minScale, maxScale));
          double aspect = ch == 0 ? 0 : cw / (double) ch;
          if (!(aspect >= minAspect && aspect <= maxAspect)) {
            continue;
          }
          int left = (int) ((w - cw) * rng.nextDouble()), top = (int) ((h - ch) * rng.nextDouble());
          if (cw == 0 || ch == 0 || bestIou(boxes, left, top, left + cw, top + ch) < minIou) {
            continue;
          }
          out.add(new ImageSteps.Warp(Homography.translate(-left, -top), cw, ch, Interpolation.NEAREST, 0));
          ctx.resize(cw, ch);
          return;
        }
      }
    }

    /** The largest IoU with the window among boxes whose centre is strictly inside it; -1 when none is. */
    static double bestIou(List<dev.datamgmt.core.label.Box> boxes, double x1, double y1, double x2, double y2) {
      double best = -1;
      for (dev.datamgmt.core.label.Box b : boxes) {
        double mx = (b.x1() + b.x2()) / 2, my = (b.y1() + b.y2()) / 2;
        if (!(mx > x1 && mx < x2 && my > y1 && my < y2)) {
          continue;
        }
        double iw = Math.max(0, Math.min(x2, b.x2()) - Math.max(x1, b.x1()));
        double ih = Math.max(0, Math.min(y2, b.y2()) - Math.max(y1, b.y1()));
        double inter = iw * ih;
        double union = (x2 - x1) * (y2 - y1) + (b.x2() - b.x1()) * (b.y2() - b.y1()) - inter;
        best = Math.max(best, union > 0 ? inter / union : 0);
      }
      return best;
    }
  }

  /**
   * Coarse dropout with several holes (Albumentations' CoarseDropout): {@code minHoles..maxHoles} rectangles,
   * each side {@code minSize..maxSize} of the image's side, placed uniformly inside the image, filled with
   * {@code fill}, or with one random grey level per hole when {@code randomFill} (Albumentations' "random" fills
   * per pixel). Masks and boxes are not changed.
   *
   * @param p probability
   * @param minHoles fewest holes, {@code >= 1}
   * @param maxHoles most holes, at most 256
   * @param minSize smallest hole side, fraction of the image side
   * @param maxSize largest
   * @param fill the fill value on {@code [0, 1]}
   * @param randomFill whether each hole takes a random value instead
   */
  public record CoarseDropout(double p, int minHoles, int maxHoles, double minSize, double maxSize, double fill,
      boolean randomFill) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public CoarseDropout withP(double p) {
      return new CoarseDropout(p, minHoles, maxHoles, minSize, maxSize, fill, randomFill);
    }

    /** Validates. */
    public CoarseDropout {
      Op.checkP("coarseDropout", p);
      intRange("coarseDropout", "holes", minHoles, maxHoles, 1, 256);
      range("coarseDropout", "size", minSize, maxSize, 0, 1);
      within("coarseDropout", "fill", fill, 0, 1);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("coarseDropout");
      int w = ctx.width(), h = ctx.height();
      int holes = minHoles + rng.nextInt(maxHoles - minHoles + 1);
      for (int k = 0; k < holes; k++) {
        int hw = Math.max(1, (int) Math.rint(w * uniform(rng, minSize, maxSize)));
        int hh = Math.max(1, (int) Math.rint(h * uniform(rng, minSize, maxSize)));
        int x = rng.nextInt(w - Math.min(w, hw) + 1), y = rng.nextInt(h - Math.min(h, hh) + 1);
        double v = randomFill ? rng.nextDouble() : fill;
        out.add(new ImageSteps.Erase(x, y, Math.min(w, x + hw), Math.min(h, y + hh), v));
      }
    }
  }

  /**
   * Grid dropout (Albumentations' GridDropout): the image is tiled by square units of {@code minUnit..maxUnit}
   * pixels; in each unit a square hole of {@code round(ratio * unit)} pixels is filled, at the same offset in every
   * unit (drawn when {@code randomShift}, else 0). Masks and boxes are not changed.
   *
   * @param p probability
   * @param ratio hole side as a fraction of the unit, in {@code (0, 1)}
   * @param minUnit smallest unit, pixels, {@code >= 2}
   * @param maxUnit largest unit
   * @param randomShift whether the holes' offset in their unit is drawn
   * @param fill fill value on {@code [0, 1]}
   */
  public record GridDropout(double p, double ratio, int minUnit, int maxUnit, boolean randomShift, double fill)
      implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public GridDropout withP(double p) {
      return new GridDropout(p, ratio, minUnit, maxUnit, randomShift, fill);
    }

    /** Validates. */
    public GridDropout {
      Op.checkP("gridDropout", p);
      within("gridDropout", "ratio", ratio, 1e-3, 0.999);
      intRange("gridDropout", "unit", minUnit, maxUnit, 2, 4096);
      within("gridDropout", "fill", fill, 0, 1);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      ctx.requireImage("gridDropout");
      int w = ctx.width(), h = ctx.height();
      int unit = minUnit + rng.nextInt(maxUnit - minUnit + 1);
      int hole = Math.max(1, Math.min(unit - 1, (int) Math.rint(unit * ratio)));
      int sx = randomShift ? rng.nextInt(unit - hole + 1) : 0, sy = randomShift ? rng.nextInt(unit - hole + 1) : 0;
      for (int y = sy; y < h; y += unit) {
        for (int x = sx; x < w; x += unit) {
          out.add(new ImageSteps.Erase(x, y, Math.min(w, x + hole), Math.min(h, y + hole), fill));
        }
      }
    }
  }

  /**
   * Albumentations' RGBShift: each channel of an RGB image is shifted by its own value drawn from
   * {@code [-limit, limit]}, clamped; other channel counts pass unchanged.
   *
   * @param p probability
   * @param rLimit largest red shift, on {@code [0, 1]}
   * @param gLimit largest green shift
   * @param bLimit largest blue shift
   */
  public record RgbShift(double p, double rLimit, double gLimit, double bLimit) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public RgbShift withP(double p) {
      return new RgbShift(p, rLimit, gLimit, bLimit);
    }

    /** Validates. */
    public RgbShift {
      Op.checkP("rgbShift", p);
      within("rgbShift", "rLimit", rLimit, 0, 1);
      within("rgbShift", "gLimit", gLimit, 0, 1);
      within("rgbShift", "bLimit", bLimit, 0, 1);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.ChannelMap(List.of(0, 1, 2), List.of(uniform(rng, -rLimit, rLimit),
          uniform(rng, -gLimit, gLimit), uniform(rng, -bLimit, bLimit))));
    }
  }

  /** Albumentations' ChannelShuffle: a uniformly drawn permutation of R, G, B. @param p probability */
  public record ChannelShuffle(double p) implements Op {
    /** This operation with probability {@code p}. */
    @Override
    public ChannelShuffle withP(double p) {
      return new ChannelShuffle(p);
    }

    /** Validates. */
    public ChannelShuffle {
      Op.checkP("channelShuffle", p);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      Integer[] order = {0, 1, 2};
      for (int i = order.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        Integer t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      out.add(new ImageSteps.ChannelMap(List.of(order), List.of(0.0, 0.0, 0.0)));
    }
  }

  /** A {@code size x size} kernel with weight 1 where {@code inside} holds, normalized to sum 1. */
  interface KernelShape {
    /** Whether kernel cell {@code (dx, dy)} (offsets from the centre) is in the shape. */
    boolean inside(int dx, int dy);
  }

  static ImageSteps.Convolve kernel(int size, KernelShape shape) {
    int r = size / 2;
    int count = 0;
    boolean[] in = new boolean[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        in[y * size + x] = shape.inside(x - r, y - r);
        count += in[y * size + x] ? 1 : 0;
      }
    }
    Double[] k = new Double[size * size];
    for (int i = 0; i < k.length; i++) {
      k[i] = in[i] ? 1.0 / Math.max(1, count) : 0.0;
    }
    return new ImageSteps.Convolve(size, List.of(k));
  }

  /**
   * Motion blur: the average along a line segment through the kernel centre, of odd length
   * {@code minSize..maxSize} and a uniformly drawn direction (Albumentations draws the segment's end points
   * anywhere in the kernel; a centred segment does not move the image's centroid). Edges replicated.
   *
   * @param p probability
   * @param minSize smallest odd kernel size, {@code >= 3}
   * @param maxSize largest odd kernel size, at most 31
   */
  public record MotionBlur(double p, int minSize, int maxSize) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public MotionBlur withP(double p) {
      return new MotionBlur(p, minSize, maxSize);
    }

    /** Validates. */
    public MotionBlur {
      Op.checkP("motionBlur", p);
      oddRange("motionBlur", "size", minSize, maxSize, 3, 31);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      int size = odd(rng, minSize, maxSize);
      double angle = Math.PI * rng.nextDouble(), cos = Math.cos(angle), sin = Math.sin(angle);
      // A cell is on the line when its centre lies within half a cell of it (distance measured across the line).
      out.add(kernel(size, (dx, dy) -> Math.abs(dx * sin - dy * cos) <= 0.5));
    }
  }

  /**
   * Defocus: the average over a disc of radius {@code minRadius..maxRadius} pixels (Albumentations' Defocus
   * without its alias blur of the kernel). Edges replicated.
   *
   * @param p probability
   * @param minRadius smallest radius, {@code >= 1}
   * @param maxRadius largest radius, at most 15
   */
  public record Defocus(double p, int minRadius, int maxRadius) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Defocus withP(double p) {
      return new Defocus(p, minRadius, maxRadius);
    }

    /** Validates. */
    public Defocus {
      Op.checkP("defocus", p);
      intRange("defocus", "radius", minRadius, maxRadius, 1, 15);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      int r = minRadius + rng.nextInt(maxRadius - minRadius + 1);
      out.add(kernel(2 * r + 1, (dx, dy) -> dx * dx + dy * dy <= r * r));
    }
  }

  /**
   * Median blur (OpenCV's medianBlur, edges replicated) with an odd window of {@code minSize..maxSize}.
   *
   * @param p probability
   * @param minSize smallest odd window, {@code >= 3}
   * @param maxSize largest odd window, at most 15
   */
  public record MedianBlur(double p, int minSize, int maxSize) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public MedianBlur withP(double p) {
      return new MedianBlur(p, minSize, maxSize);
    }

    /** Validates. */
    public MedianBlur {
      Op.checkP("medianBlur", p);
      oddRange("medianBlur", "size", minSize, maxSize, 3, 15);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.MedianBlur(odd(rng, minSize, maxSize)));
    }
  }

  /**
   * CLAHE (OpenCV's algorithm; Albumentations' CLAHE draws the clip limit from {@code [1, 4]} on 8 x 8 tiles). On
   * grayscale the result equals {@code cv2.createCLAHE(clip, (tiles, tiles)).apply}; on RGB the luma is equalized
   * and its change added to each channel (Albumentations equalizes the L channel of LAB).
   *
   * @param p probability
   * @param minClip smallest clip limit, {@code > 0}
   * @param maxClip largest clip limit
   * @param tiles tiles per side
   */
  public record Clahe(double p, double minClip, double maxClip, int tiles) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Clahe withP(double p) {
      return new Clahe(p, minClip, maxClip, tiles);
    }

    /** Validates. */
    public Clahe {
      Op.checkP("clahe", p);
      range("clahe", "clip limit", minClip, maxClip, 1e-3, 256);
      within("clahe", "tiles", tiles, 1, 64);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.Clahe(uniform(rng, minClip, maxClip), tiles, tiles));
    }
  }

  /**
   * Albumentations' MultiplicativeNoise: each pixel (each value with {@code perChannel}) is multiplied by a factor
   * from {@code [min, max]}, clamped.
   *
   * @param p probability
   * @param min smallest factor, {@code >= 0}
   * @param max largest factor, at most 10
   * @param perChannel whether channels draw separate factors
   */
  public record MultiplicativeNoise(double p, double min, double max, boolean perChannel) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public MultiplicativeNoise withP(double p) {
      return new MultiplicativeNoise(p, min, max, perChannel);
    }

    /** Validates. */
    public MultiplicativeNoise {
      Op.checkP("multiplicativeNoise", p);
      range("multiplicativeNoise", "factor", min, max, 0, 10);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.MultiplicativeNoise(min, max, perChannel, rng.nextLong()));
    }
  }

  /**
   * Mosaic for detection (YOLO's load_mosaic on samples of one size): see {@link ImageSteps.Mosaic}. The three
   * partners are chosen like mixup's, by batch position or, with a {@link MixPartnerSource}, batch-independently.
   * Runs on the CPU backend; the device backend refuses it.
   *
   * @param p probability
   * @param minCentre smallest centre coordinate, fraction of the side, in {@code (0, 1)}
   * @param maxCentre largest
   */
  public record Mosaic(double p, double minCentre, double maxCentre) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public Mosaic withP(double p) {
      return new Mosaic(p, minCentre, maxCentre);
    }

    /** Validates. */
    public Mosaic {
      Op.checkP("mosaic", p);
      range("mosaic", "centre", minCentre, maxCentre, 0.01, 0.99);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      double cx = uniform(rng, minCentre, maxCentre), cy = uniform(rng, minCentre, maxCentre);
      out.add(new ImageSteps.Mosaic(cx, cy, List.of(rng.nextDouble(), rng.nextDouble(), rng.nextDouble())));
    }
  }

  /**
   * Simple copy-paste for instance segmentation and detection: see {@link ImageSteps.CopyPaste}. The partner is
   * chosen like mixup's (batch position or {@link MixPartnerSource}). Runs on the CPU backend; the device backend
   * refuses it.
   *
   * @param p probability
   * @param share probability of each partner instance being pasted
   */
  public record CopyPaste(double p, double share) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public CopyPaste withP(double p) {
      return new CopyPaste(p, share);
    }

    /** Validates. */
    public CopyPaste {
      Op.checkP("copyPaste", p);
      within("copyPaste", "share", share, 0, 1);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.CopyPaste(rng.nextDouble(), share, rng.nextLong()));
    }
  }

  /**
   * Albumentations' ISONoise (see {@link ImageSteps.IsoNoise}); RGB images only, others pass.
   *
   * @param p probability
   * @param minColorShift smallest hue noise scale
   * @param maxColorShift largest, at most 1
   * @param minIntensity smallest strength
   * @param maxIntensity largest, at most 10
   */
  public record IsoNoise(double p, double minColorShift, double maxColorShift, double minIntensity,
      double maxIntensity) implements Op {
    /** This operation with probability {@code p}, its other settings unchanged. */
    @Override
    public IsoNoise withP(double p) {
      return new IsoNoise(p, minColorShift, maxColorShift, minIntensity, maxIntensity);
    }

    /** Validates. */
    public IsoNoise {
      Op.checkP("isoNoise", p);
      range("isoNoise", "colorShift", minColorShift, maxColorShift, 0, 1);
      range("isoNoise", "intensity", minIntensity, maxIntensity, 0, 10);
    }

    @Override
    public void sample(SampleContext ctx, SplittableRandom rng, List<Step> out) {
      out.add(new ImageSteps.IsoNoise(uniform(rng, minColorShift, maxColorShift),
          uniform(rng, minIntensity, maxIntensity), rng.nextLong()));
    }
  }
}
