package dev.datamgmt.augment.image;

import dev.datamgmt.augment.Step;
import java.util.Arrays;
import java.util.List;

/**
 * The image steps: image operations with their parameters drawn. Coordinates are continuous pixel
 * coordinates: pixel {@code (i, j)} covers {@code [i, i+1) x [j, j+1)}, its centre is {@code (i+0.5, j+0.5)},
 * and boxes use the same coordinates. Colour values are in {@code [0, 1]} (uint8 images are scaled by 1/255).
 */
public final class ImageSteps {
  private ImageSteps() {}

  /**
   * A projective warp. {@code matrix} (row-major 3x3) maps input coordinates to output coordinates; the
   * backends invert it to read the input.
   *
   * @param matrix the forward homography, 9 values, row-major
   * @param outWidth output width
   * @param outHeight output height
   * @param interpolation how image pixels are read (masks always use nearest)
   * @param fill the value of output pixels that read outside the input, with {@link BorderMode#CONSTANT}
   * @param border what is read outside the input (absent from JSON when {@code CONSTANT})
   */
  public record Warp(double[] matrix, int outWidth, int outHeight, Interpolation interpolation, double fill,
      @com.fasterxml.jackson.annotation.JsonInclude(value = com.fasterxml.jackson.annotation.JsonInclude.Include.CUSTOM,
          valueFilter = BorderMode.ConstantFilter.class) BorderMode border)
      implements Step {
    /** Validates; a {@code null} border is {@link BorderMode#CONSTANT}. */
    public Warp {
      if (matrix == null || matrix.length != 9) {
        throw new IllegalArgumentException("warp matrix must have 9 values: " + Arrays.toString(matrix));
      }
      for (double v : matrix) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("warp matrix must be finite: " + Arrays.toString(matrix));
        }
      }
      if (outWidth <= 0 || outHeight <= 0) {
        throw new IllegalArgumentException("warp output size must be positive: " + outWidth + "x" + outHeight);
      }
      matrix = matrix.clone();
      border = border == null ? BorderMode.CONSTANT : border;
    }

    /** A warp that reads {@code fill} outside the input ({@link BorderMode#CONSTANT}). */
    public Warp(double[] matrix, int outWidth, int outHeight, Interpolation interpolation, double fill) {
      this(matrix, outWidth, outHeight, interpolation, fill, BorderMode.CONSTANT);
    }

    @Override
    public double[] matrix() {
      return matrix.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Warp w
          && Arrays.equals(matrix, w.matrix)
          && outWidth == w.outWidth
          && outHeight == w.outHeight
          && interpolation == w.interpolation
          && Double.compare(fill, w.fill) == 0
          && border == w.border;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(matrix) * 31 + outWidth * 17 + outHeight;
    }

    @Override
    public String toString() {
      return "Warp" + Arrays.toString(matrix) + " -> " + outWidth + "x" + outHeight + " " + interpolation
          + (border == BorderMode.CONSTANT ? "" : " " + border);
    }
  }

  /**
   * A smooth non-linear warp (grid distortion): output pixel {@code q} reads input point {@code q + d(q)},
   * where the displacement {@code d} is interpolated bilinearly from its values at the corners of a
   * {@code cellsX x cellsY} grid laid over the image. Output size equals input size.
   *
   * @param cellsX grid cells across
   * @param cellsY grid cells down
   * @param dx horizontal displacement in pixels at the {@code (cellsX+1)*(cellsY+1)} grid points, row-major
   * @param dy vertical displacement likewise
   * @param interpolation how image pixels are read
   * @param fill the value read outside the input, with {@link BorderMode#CONSTANT}
   * @param border what is read outside the input (absent from JSON when {@code CONSTANT}); masks read the same
   */
  public record GridWarp(int cellsX, int cellsY, double[] dx, double[] dy, Interpolation interpolation, double fill,
      @com.fasterxml.jackson.annotation.JsonInclude(value = com.fasterxml.jackson.annotation.JsonInclude.Include.CUSTOM,
          valueFilter = BorderMode.ConstantFilter.class) BorderMode border)
      implements Step {
    /** A grid warp that reads {@code fill} outside the input ({@link BorderMode#CONSTANT}). */
    public GridWarp(int cellsX, int cellsY, double[] dx, double[] dy, Interpolation interpolation, double fill) {
      this(cellsX, cellsY, dx, dy, interpolation, fill, BorderMode.CONSTANT);
    }

    /** Validates; a {@code null} border is {@link BorderMode#CONSTANT}. */
    public GridWarp {
      border = border == null ? BorderMode.CONSTANT : border;
      if (cellsX < 1 || cellsY < 1) {
        throw new IllegalArgumentException("grid cells must be >= 1: " + cellsX + "x" + cellsY);
      }
      int n = (cellsX + 1) * (cellsY + 1);
      if (dx == null || dy == null || dx.length != n || dy.length != n) {
        throw new IllegalArgumentException("grid displacements must have " + n + " values each");
      }
      dx = dx.clone();
      dy = dy.clone();
    }

    @Override
    public double[] dx() {
      return dx.clone();
    }

    @Override
    public double[] dy() {
      return dy.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GridWarp g
          && cellsX == g.cellsX
          && cellsY == g.cellsY
          && Arrays.equals(dx, g.dx)
          && Arrays.equals(dy, g.dy)
          && interpolation == g.interpolation
          && Double.compare(fill, g.fill) == 0
          && border == g.border;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(dx) * 31 + Arrays.hashCode(dy);
    }
  }

  /**
   * Marks where torchvision's uint8 arithmetic starts: the auto-augment policies (RandAugment, TrivialAugmentWide,
   * AutoAugment) put it in front of their operations, because torchvision runs them on uint8 images, rounding to
   * bytes after every operation. On an uint8 RGB image whose whole plan the 8-bit policy path can run
   * ({@code ImagePlan.bytePolicyPath}), both backends run the plan on bytes: warps before this marker in OpenCV's
   * fixed point (rounded to bytes as {@code cv2.warpAffine} does), the operations after it with torchvision's uint8
   * rounding, a final normalize from a 256-entry table. Otherwise it changes nothing (float images, or plans with a
   * step the 8-bit path does not run).
   */
  public record Uint8Arithmetic() implements Step {}

  /** Multiply every value by {@code factor}, then clamp to {@code [0, 1]}. */
  public record Brightness(double factor) implements Step {}

  /** Blend with the mean grey level: {@code factor * x + (1 - factor) * mean(gray)}, clamped. */
  public record Contrast(double factor) implements Step {}

  /** Blend with the pixel's grey value: {@code factor * x + (1 - factor) * gray}, clamped (RGB only). */
  public record Saturation(double factor) implements Step {}

  /** Rotate hue by {@code shift} turns (in {@code [-0.5, 0.5]}) in YIQ space, clamped (RGB only). */
  public record Hue(double shift) implements Step {}

  /** {@code x^gamma} on values clamped to {@code [0, 1]}. */
  public record Gamma(double gamma) implements Step {}

  /** Replace every channel by the grey value {@code 0.299 R + 0.587 G + 0.114 B}. */
  public record Grayscale() implements Step {}

  /**
   * Add Gaussian noise of standard deviation {@code sigma}; the noise field is a pure function of
   * {@code seed} and the image shape, so both backends add the same noise. Clamped.
   */
  public record Noise(double sigma, long seed) implements Step {}

  /** Separable Gaussian blur, radius {@code ceil(3 sigma)}, edges replicated. */
  public record Blur(double sigma) implements Step {}

  /** Encode as JPEG at {@code quality} (1..100) and decode again. */
  public record Jpeg(int quality) implements Step {}

  /** Every pixel takes the value at the centre of its {@code block x block} cell. */
  public record Pixelate(int block) implements Step {}

  /** Set the pixels in {@code [x0, x1) x [y0, y1)} to {@code value} in every channel. */
  public record Erase(int x0, int y0, int x1, int y1, double value) implements Step {}

  /** {@code 1 - x} (torchvision's invert). */
  public record Invert() implements Step {}

  /**
   * Keep the top {@code bits} bits of each 8-bit value (torchvision's posterize on uint8; float pixels are first
   * rounded to 8 bits).
   *
   * @param bits 0 to 8 (0 makes the image black, as torchvision's AugMix does at its highest severities)
   */
  public record Posterize(int bits) implements Step {
    /** Validates. */
    public Posterize {
      if (bits < 0 || bits > 8) {
        throw new IllegalArgumentException("posterize bits must be in [0, 8]: " + bits);
      }
    }
  }

  /**
   * Invert the values at or above {@code threshold} (torchvision's solarize, on the {@code [0, 1]} scale).
   *
   * @param threshold in {@code [0, 1]}; above 1 nothing changes
   */
  public record Solarize(double threshold) implements Step {
    /** Validates. */
    public Solarize {
      if (!(threshold >= 0 && threshold <= 2)) {
        throw new IllegalArgumentException("solarize threshold must be in [0, 2]: " + threshold);
      }
    }
  }

  /** Stretch each channel to {@code [0, 1]} from its own min and max; constant channels stay (torchvision). */
  public record AutoContrast() implements Step {}

  /** Histogram-equalize each channel on 256 levels (PIL's and torchvision's algorithm). */
  public record Equalize() implements Step {}

  /**
   * Blend with a smoothed copy (kernel {@code [[1,1,1],[1,5,1],[1,1,1]] / 13}, border pixels kept):
   * {@code factor * x + (1 - factor) * smooth}, clamped (torchvision's adjust_sharpness).
   *
   * @param factor 0 blurs, 1 is the identity, above 1 sharpens
   */
  public record Sharpness(double factor) implements Step {
    /** Validates. */
    public Sharpness {
      if (!(factor >= 0 && factor <= 100)) {
        throw new IllegalArgumentException("sharpness factor must be in [0, 100]: " + factor);
      }
    }
  }

  /**
   * Shift hue, saturation and value in OpenCV's float HSV (hue in degrees, saturation and value on
   * {@code [0, 1]}), Albumentations' HueSaturationValue: {@code h = (h + hue) mod 360}, {@code s} and {@code v}
   * shifted and clamped. Grayscale images take the value shift only.
   *
   * @param hue hue shift in degrees
   * @param saturation saturation shift on {@code [0, 1]}
   * @param value value shift on {@code [0, 1]}
   */
  public record HsvShift(double hue, double saturation, double value) implements Step {
    /** Validates. */
    public HsvShift {
      if (!(Math.abs(hue) <= 360 && Math.abs(saturation) <= 1 && Math.abs(value) <= 1)) {
        throw new IllegalArgumentException(
            "hsv shift must have |hue| <= 360, |saturation| <= 1, |value| <= 1: " + hue + ", " + saturation + ", "
                + value);
      }
    }
  }

  /**
   * Channel remap and shift: output channel {@code k} is input channel {@code order[k]} plus {@code shift[k]},
   * clamped (Albumentations' ChannelShuffle and RGBShift in one step). Images whose channel count differs from
   * {@code order.size()} are left unchanged, as saturation leaves grayscale images.
   *
   * @param order a permutation of {@code 0..n-1}
   * @param shift one offset per output channel, on the {@code [0, 1]} scale
   */
  public record ChannelMap(List<Integer> order, List<Double> shift) implements Step {
    /** Validates. */
    public ChannelMap {
      order = List.copyOf(order);
      shift = List.copyOf(shift);
      boolean[] seen = new boolean[order.size()];
      for (int o : order) {
        if (o < 0 || o >= seen.length || seen[o]) {
          throw new IllegalArgumentException("channel order must be a permutation of 0.." + (seen.length - 1)
              + ": " + order);
        }
        seen[o] = true;
      }
      if (shift.size() != order.size()) {
        throw new IllegalArgumentException(
            "channel map needs one shift per channel: order " + order + ", shift " + shift);
      }
      for (double v : shift) {
        if (!(Math.abs(v) <= 1)) {
          throw new IllegalArgumentException("channel shift must be in [-1, 1]: " + shift);
        }
      }
    }
  }

  /**
   * Convolution with a {@code size x size} kernel (row-major, applied as correlation, centred), edges replicated;
   * clamped. Motion blur and defocus are kernels of this step.
   *
   * @param size odd kernel size
   * @param kernel {@code size * size} weights
   */
  public record Convolve(int size, List<Double> kernel) implements Step {
    /** Validates. */
    public Convolve {
      kernel = List.copyOf(kernel);
      if (size < 1 || size % 2 == 0 || size > 63) {
        throw new IllegalArgumentException("convolution kernel size must be odd and in [1, 63]: " + size);
      }
      if (kernel.size() != size * size) {
        throw new IllegalArgumentException(
            "convolution kernel of size " + size + " needs " + size * size + " weights, found " + kernel.size());
      }
      for (double v : kernel) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("convolution weights must be finite: " + kernel);
        }
      }
    }

    /** The weights as floats, as the kernels use them. */
    public float[] weights() {
      float[] k = new float[kernel.size()];
      for (int i = 0; i < k.length; i++) {
        k[i] = kernel.get(i).floatValue();
      }
      return k;
    }
  }

  /**
   * Median of the {@code size x size} neighbourhood, per channel, edges replicated (OpenCV's medianBlur).
   *
   * @param size odd window size, 3 to 15
   */
  public record MedianBlur(int size) implements Step {
    /** Validates. */
    public MedianBlur {
      if (size < 3 || size % 2 == 0 || size > 15) {
        throw new IllegalArgumentException("median window size must be odd and in [3, 15]: " + size);
      }
    }
  }

  /**
   * Contrast-limited adaptive histogram equalization (OpenCV's CLAHE on 8-bit levels): on the one channel of a
   * grayscale image; on an RGB image, on the BT.601 luma, whose change is added to every channel.
   *
   * @param clipLimit OpenCV's clip limit, {@code > 0}
   * @param tilesX tiles across
   * @param tilesY tiles down
   */
  public record Clahe(double clipLimit, int tilesX, int tilesY) implements Step {
    /** Validates. */
    public Clahe {
      if (!(clipLimit > 0 && clipLimit <= 256)) {
        throw new IllegalArgumentException("CLAHE clip limit must be in (0, 256]: " + clipLimit);
      }
      if (tilesX < 1 || tilesY < 1 || tilesX > 64 || tilesY > 64) {
        throw new IllegalArgumentException("CLAHE tiles must be in [1, 64]: " + tilesX + "x" + tilesY);
      }
    }
  }

  /**
   * Multiply every value by a factor drawn uniformly from {@code [min, max]} per pixel (the same for every
   * channel unless {@code perChannel}); the factors are a pure function of {@code seed} and the image shape, so
   * both backends use the same. Clamped.
   *
   * @param min smallest factor
   * @param max largest factor
   * @param perChannel whether each channel draws its own factor
   * @param seed the factor field's seed
   */
  public record MultiplicativeNoise(double min, double max, boolean perChannel, long seed) implements Step {
    /** Validates. */
    public MultiplicativeNoise {
      if (!(min >= 0 && min <= max && max <= 10)) {
        throw new IllegalArgumentException("multiplicative noise needs 0 <= min <= max <= 10: [" + min + ", "
            + max + "]");
      }
    }
  }

  /**
   * Albumentations' ISO noise (camera sensor noise) on RGB images: hue jitter and lightness noise in HLS from
   * {@code seed}; other channel counts pass unchanged.
   *
   * @param colorShift hue noise scale, in {@code [0, 1]}
   * @param intensity noise strength, in {@code [0, 10]}
   * @param seed the noise's seed
   */
  public record IsoNoise(double colorShift, double intensity, long seed) implements Step {
    /** Validates. */
    public IsoNoise {
      if (!(colorShift >= 0 && colorShift <= 1 && intensity >= 0 && intensity <= 10)) {
        throw new IllegalArgumentException("ISO noise needs colorShift in [0, 1] and intensity in [0, 10]: "
            + colorShift + ", " + intensity);
      }
    }
  }

  /**
   * AugMix's blend: {@code originalWeight * x + sum_i chainWeights[i] * chain_i(x)}, clamped, where each chain is
   * a list of size-keeping image steps run on the image as it is before this step (torchvision's AugMix). Boxes,
   * keypoints and masks do not follow the chains (AugMix is for classification).
   *
   * @param originalWeight the weight of the unchanged image
   * @param chainWeights one weight per chain
   * @param chains the chains' steps
   */
  public record AugMixBlend(double originalWeight, List<Double> chainWeights, List<List<Step>> chains)
      implements Step {
    /** Validates and copies. */
    public AugMixBlend {
      chainWeights = List.copyOf(chainWeights);
      List<List<Step>> copy = new java.util.ArrayList<>();
      for (List<Step> c : chains) {
        for (Step st : c) {
          if (st.getClass().getEnclosingClass() != ImageSteps.class || st instanceof Mix || st instanceof AugMixBlend) {
            throw new IllegalArgumentException("an AugMix chain holds per-sample image steps only, found " + st);
          }
        }
        copy.add(List.copyOf(c));
      }
      chains = List.copyOf(copy);
      if (chainWeights.size() != chains.size()) {
        throw new IllegalArgumentException(
            "AugMix needs one weight per chain: " + chainWeights.size() + " weights, " + chains.size() + " chains");
      }
      for (double v : chainWeights) {
        if (!(v >= 0 && v <= 1)) {
          throw new IllegalArgumentException("AugMix chain weights must be in [0, 1]: " + chainWeights);
        }
      }
      if (!(originalWeight >= 0 && originalWeight <= 1)) {
        throw new IllegalArgumentException("AugMix original weight must be in [0, 1]: " + originalWeight);
      }
    }
  }

  /** {@code (x - mean[c]) / std[c]} per channel; the result is float and no longer clamped. */
  public record Normalize(List<Double> mean, List<Double> std) implements Step {
    /** Validates. */
    public Normalize {
      mean = List.copyOf(mean);
      std = List.copyOf(std);
      if (mean.isEmpty() || mean.size() != std.size()) {
        throw new IllegalArgumentException("normalize needs as many std as mean values: " + mean + " / " + std);
      }
      for (double s : std) {
        if (!(s > 0) || !Double.isFinite(s)) {
          throw new IllegalArgumentException("normalize std must be positive and finite: " + std);
        }
      }
    }

    /** The per-channel means as floats, as the kernels use them. */
    public float[] meanValues() {
      float[] m = new float[mean.size()];
      for (int i = 0; i < m.length; i++) {
        m[i] = mean.get(i).floatValue();
      }
      return m;
    }

    /** The per-channel {@code 1 / std} as floats, as the kernels multiply by them. */
    public float[] inverseStdValues() {
      float[] is = new float[std.size()];
      for (int i = 0; i < is.length; i++) {
        is[i] = 1f / std.get(i).floatValue();
      }
      return is;
    }
  }

  /**
   * Simple copy-paste (Ghiasi et al.): each instance of the partner (drawn like a mix partner) is chosen with
   * probability {@code share} (from {@code seed}) and its mask's pixels are pasted at the same place, with its box,
   * instance mask and segmentation; the sample's instances lose the pixels pasted over them (a box shrinks to what is
   * left of its mask and is dropped below the policy's visibility); soft labels mix by the pasted area. Both samples
   * need one instance mask per box and one size. Runs on the CPU backend.
   *
   * @param partner a number in {@code [0, 1)}, the partner draw
   * @param share probability of each partner instance being pasted
   * @param seed the instance choice's seed
   */
  public record CopyPaste(double partner, double share, long seed) implements Step {
    /** Validates. */
    public CopyPaste {
      if (!(partner >= 0 && partner < 1) || !(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("copy-paste needs partner in [0, 1) and share in [0, 1]: " + partner + ", "
            + share);
      }
    }
  }

  /**
   * A mosaic (YOLO's): the sample and three partners meet at the point ({@code cx}, {@code cy}) (fractions of the
   * size), each cut by the corner that touches it, without resampling: the sample's bottom-right part fills the
   * top-left quadrant, the partners' bottom-left, top-right and top-left parts the top-right, bottom-left and
   * bottom-right ones. Boxes (clipped to their quadrant and filtered by the box policy), instance masks and
   * segmentation masks come along; soft labels mix by quadrant area; the sample's keypoints move with it (those
   * outside its quadrant become not labeled) and the partners' are not added. Partners are drawn like a mix's
   * ({@link MixPartnerSource}). Runs on the CPU backend.
   *
   * @param cx centre, fraction of the width
   * @param cy centre, fraction of the height
   * @param partners three numbers in {@code [0, 1)}: the top-right, bottom-left and bottom-right partners
   */
  public record Mosaic(double cx, double cy, List<Double> partners) implements Step {
    /** Validates. */
    public Mosaic {
      partners = List.copyOf(partners);
      if (partners.size() != 3) {
        throw new IllegalArgumentException("a mosaic has three partners: " + partners);
      }
      for (double u : partners) {
        if (!(u >= 0 && u < 1)) {
          throw new IllegalArgumentException("mosaic partner draws must be in [0, 1): " + partners);
        }
      }
      if (!(cx > 0 && cx < 1 && cy > 0 && cy < 1)) {
        throw new IllegalArgumentException("mosaic centre must be inside the image: " + cx + ", " + cy);
      }
    }
  }

  /**
   * A batch-level mix with a partner sample: mixup
   * ({@code lambda * x + (1 - lambda) * partner}) or cutmix (a box of the partner pasted in, of area
   * fraction {@code 1 - lambda} centred at ({@code cx}, {@code cy}) as fractions of the size). Labels mix with
   * the weight of the pixels that came from each sample.
   *
   * @param cutmix true for cutmix, false for mixup
   * @param lambda the weight of the sample itself, in {@code [0, 1]}
   * @param partner a number in {@code [0, 1)}; with a {@link MixPartnerSource} of {@code size} samples the partner is
   *     dataset sample {@code floor(partner * size)}, otherwise batch position {@code floor(partner * batchSize)}
   * @param cx cutmix box centre, fraction of the width
   * @param cy cutmix box centre, fraction of the height
   */
  public record Mix(boolean cutmix, double lambda, double partner, double cx, double cy) implements Step {}
}
