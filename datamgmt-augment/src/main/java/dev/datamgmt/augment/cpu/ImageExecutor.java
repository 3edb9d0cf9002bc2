package dev.datamgmt.augment.cpu;

import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.Homography;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.geometry.Targets;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.internal.cpu.ByteKernels;
import dev.datamgmt.augment.internal.cpu.ByteOps;
import dev.datamgmt.augment.internal.cpu.CpuKernels;
import dev.datamgmt.augment.internal.cpu.FilterKernels;
import dev.datamgmt.augment.internal.cpu.HostSteps;
import dev.datamgmt.augment.internal.cpu.RowDemand;
import dev.datamgmt.augment.internal.image.ImagePlan;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.BorderMode;
import dev.datamgmt.augment.image.Interpolation;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.util.ArrayList;
import java.util.List;

/** Runs the per-sample image steps of a plan on one sample, and the batch-level mixes on a batch. */
final class ImageExecutor {
  private ImageExecutor() {}

  /** The per-sample (non-mix) steps of {@code steps}, in order. */
  static List<Step> perSample(List<Step> steps) {
    List<Step> out = new ArrayList<>(steps.size());
    for (Step s : steps) {
      if (s instanceof ImageSteps.Mix || s instanceof ImageSteps.Mosaic || s instanceof ImageSteps.CopyPaste) {
        continue;
      }
      if (!(s.getClass().getEnclosingClass() == ImageSteps.class)) {
        throw new IllegalArgumentException(
            "step " + s + " is not an image step; the image backend runs image pipelines only");
      }
      out.add(s);
    }
    return out;
  }

  /** The size of {@code sample}'s image after its per-sample steps, {@code {width, height}}: only warps change it. */
  static int[] outputSize(ImageSample sample, List<Step> steps) {
    int w = sample.image().width(), h = sample.image().height();
    for (Step s : perSample(steps)) {
      if (s instanceof ImageSteps.Warp warp) {
        w = warp.outWidth();
        h = warp.outHeight();
      }
    }
    return new int[] {w, h};
  }

  /** Output rows per band when colour steps are fused behind a warp: ~20 KB of RGB floats at 224 wide, in L1. */
  private static final int BAND_ROWS = 8;

  private static void warpRows(Raster in, int c, int h, int w, float[] dst, int oh, int ow, double[] inv,
      boolean bilinear, float fill, int v0, int v1, BorderMode border, float[] floats) {
    if (border != BorderMode.CONSTANT) {
      CpuKernels.warpRowsBorder(floats, c, h, w, dst, oh, ow, inv, bilinear, fill, border, v0, v1);
    } else if (in.pixelType() == Raster.PixelType.UINT8) {
      CpuKernels.warpRows(in.uint8Array(), c, h, w, dst, oh, ow, inv, bilinear, fill, v0, v1);
    } else {
      CpuKernels.warpRows(in.floatArray(), c, h, w, dst, oh, ow, inv, bilinear, fill, v0, v1);
    }
  }

  private static boolean hasNormalize(List<Step> run) {
    for (Step r : run) {
      if (r instanceof ImageSteps.Normalize) {
        return true;
      }
    }
    return false;
  }

  /** The compiled colour chain of {@code run}; checks normalize channel counts against {@code c}. */
  private static PointwiseChain chain(List<Step> run, int c, ImageSample sample) throws InvalidDataException {
    List<float[]> means = new ArrayList<>(), inv = new ArrayList<>();
    for (Step r : run) {
      if (r instanceof ImageSteps.Normalize nz) {
        if (nz.mean().size() != c) {
          throw new InvalidDataException(
              "normalize channel count differs", "sample " + sample.id(), nz.mean().size() + " channels",
              c + " channels");
        }
        means.add(nz.meanValues());
        inv.add(nz.inverseStdValues());
      }
    }
    return PointwiseChain.of(run, means.toArray(new float[0][]), inv.toArray(new float[0][]));
  }

  /** AugMix: each chain runs through this executor on a float copy of the image; the results are blended. */
  private static float[] augMix(float[] x, int c, int h, int w, ImageSteps.AugMixBlend mix, ImageSample sample)
      throws InvalidDataException {
    float[] out = new float[x.length];
    float wo = (float) mix.originalWeight();
    for (int i = 0; i < x.length; i++) {
      out[i] = wo * x[i];
    }
    for (int k = 0; k < mix.chains().size(); k++) {
      float[] y = run(ImageSample.of(sample.id(), Raster.ofFloat(c, h, w, x)), mix.chains().get(k), BoxPolicy.DEFAULT)
          .image().floatArray();
      float wk = mix.chainWeights().get(k).floatValue();
      for (int i = 0; i < x.length; i++) {
        out[i] += wk * y[i];
      }
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(0f, Math.min(1f, out[i]));
    }
    return out;
  }

  static ImageSample run(ImageSample sample, List<Step> steps, BoxPolicy policy) throws InvalidDataException {
    return run(sample, steps, policy, null);
  }

  /**
   * Sample's per-sample steps; with a {@code demand} (which pixels of the result a later mix reads; see
   * {@link Mosaics#demands}), pixel steps may leave the others as the steps before them left them.
   */
  static ImageSample run(ImageSample sample, List<Step> steps, BoxPolicy policy, RowDemand demand)
      throws InvalidDataException {
    sample.validate();
    Raster in = sample.image();
    int c = in.channels(), h = in.height(), w = in.width();
    List<Step> plan = ImagePlan.of(perSample(steps), w, h);
    float[] x;
    int first = 0;
    boolean normalized = false;
    if (ImagePlan.bytePolicyPath(plan, in.pixelType() == Raster.PixelType.UINT8, c)) {
      // An auto-augment policy on an uint8 RGB image: the whole plan in 8-bit arithmetic (see ByteOps).
      Step last = plan.get(plan.size() - 1);
      if (last instanceof ImageSteps.Normalize nz && nz.mean().size() != c) {
        throw new InvalidDataException(
            "normalize channel count differs", "sample " + sample.id(), nz.mean().size() + " channels",
            c + " channels");
      }
      return targets(sample, in, sample.withImage(ByteOps.run(in.uint8Array(), c, h, w, plan)), plan, policy);
    }
    plan = ImagePlan.withoutUint8Markers(plan);
    boolean[] lattice = ImagePlan.onByteLattice(plan, in.pixelType() == Raster.PixelType.UINT8);
    Raster bytes = onBytes(in, plan, lattice, demand);
    if (bytes != null) {
      // Every step keeps the uint8 image on the 8-bit lattice: no float pass at all.
      return targets(sample, in, sample.withImage(bytes), plan, policy);
    }
    if (!plan.isEmpty() && plan.get(0) instanceof ImageSteps.Warp warp) {
      // Warp straight from the input (bytes or floats): saves a conversion pass and a buffer.
      int oh = warp.outHeight(), ow = warp.outWidth();
      x = new float[c * oh * ow];
      double[] inv = Homography.invert(warp.matrix());
      boolean bilinear = warp.interpolation() == Interpolation.BILINEAR;
      float fill = (float) warp.fill();
      BorderMode border = warp.border();
      float[] floats = border == BorderMode.CONSTANT ? null : in.toFloatChw();
      int runEnd = 1;
      while (runEnd < plan.size() && PointwiseChain.isPointwise(plan.get(runEnd))) {
        runEnd++;
      }
      PointwiseChain chain = runEnd > 1 ? chain(plan.subList(1, runEnd), c, sample) : null;
      int fused = chain == null ? 0 : chain.fusibleFirstPassEnd();
      if (fused == 0) {
        warpRows(in, c, h, w, x, oh, ow, inv, bilinear, fill, 0, oh, border, floats);
        first = 1;
      } else {
        // The colour steps up to the first contrast run on each band of rows right after the warp wrote it,
        // while it is in cache: one trip through memory fewer per image, same arithmetic in the same order.
        boolean accumulate = chain.needsSumAfter(fused);
        double sum = 0;
        int plane = oh * ow;
        for (int v0 = 0; v0 < oh; v0 += BAND_ROWS) {
          int v1 = Math.min(oh, v0 + BAND_ROWS);
          warpRows(in, c, h, w, x, oh, ow, inv, bilinear, fill, v0, v1, border, floats);
          sum = chain.passRange(x, c, plane, 0, fused, v0 * ow, v1 * ow, sum, accumulate);
        }
        chain.runFrom(x, c, plane, fused, accumulate ? sum / plane : Double.NaN);
        normalized = hasNormalize(plan.subList(1, runEnd));
        first = runEnd;
      }
      h = oh;
      w = ow;
    } else {
      x = in.toFloatChw();
    }
    for (int si = first; si < plan.size(); si++) {
      Step s = plan.get(si);
      int plane = h * w;
      if (PointwiseChain.isPointwise(s)) {
        // A run of colour steps goes through the pixels once (see PointwiseChain).
        int end = si;
        while (end < plan.size() && PointwiseChain.isPointwise(plan.get(end))) {
          end++;
        }
        List<Step> run = plan.subList(si, end);
        chain(run, c, sample).runFrom(x, c, plane, 0, Double.NaN);
        normalized |= hasNormalize(run);
        si = end - 1;
        continue;
      }
      if (s instanceof ImageSteps.Warp warp) {
        float[] dst = new float[c * warp.outHeight() * warp.outWidth()];
        if (warp.border() == BorderMode.CONSTANT) {
          CpuKernels.warp(x, c, h, w, dst, warp.outHeight(), warp.outWidth(), Homography.invert(warp.matrix()),
              warp.interpolation() == Interpolation.BILINEAR, (float) warp.fill());
        } else {
          CpuKernels.warpRowsBorder(x, c, h, w, dst, warp.outHeight(), warp.outWidth(),
              Homography.invert(warp.matrix()), warp.interpolation() == Interpolation.BILINEAR, (float) warp.fill(),
              warp.border(), 0, warp.outHeight());
        }
        x = dst;
        h = warp.outHeight();
        w = warp.outWidth();
      } else if (s instanceof ImageSteps.GridWarp grid) {
        float[] dst = new float[x.length];
        CpuKernels.gridWarp(x, c, h, w, dst, grid);
        x = dst;
      } else if (s instanceof ImageSteps.Brightness b) {
        CpuKernels.brightness(x, (float) b.factor());
      } else if (s instanceof ImageSteps.Contrast k) {
        CpuKernels.contrast(x, c, plane, (float) k.factor());
      } else if (s instanceof ImageSteps.Saturation sat) {
        CpuKernels.saturation(x, c, plane, (float) sat.factor());
      } else if (s instanceof ImageSteps.Hue hue) {
        CpuKernels.hue(x, c, plane, hue.shift());
      } else if (s instanceof ImageSteps.Gamma g) {
        CpuKernels.gamma(x, g.gamma());
      } else if (s instanceof ImageSteps.Grayscale) {
        CpuKernels.grayscale(x, c, plane);
      } else if (s instanceof ImageSteps.Noise n) {
        CpuKernels.noise(x, n.sigma(), n.seed());
      } else if (s instanceof ImageSteps.Blur b) {
        CpuKernels.blur(x, c, h, w, b.sigma());
      } else if (s instanceof ImageSteps.AugMixBlend mix) {
        x = augMix(x, c, h, w, mix, sample);
      } else if (HostSteps.handles(s)) {
        x = HostSteps.run(s, x, c, h, w, lattice[si]);
      } else if (s instanceof ImageSteps.ChannelMap cm) {
        x = FilterKernels.channelMap(x, c, plane, cm);
      } else if (s instanceof ImageSteps.Convolve cv) {
        x = FilterKernels.convolve(x, c, h, w, cv.size(), cv.weights());
      } else if (s instanceof ImageSteps.Pixelate p) {
        CpuKernels.pixelate(x, c, h, w, p.block());
      } else if (s instanceof ImageSteps.Erase e) {
        CpuKernels.erase(x, c, h, w, e);
      } else if (s instanceof ImageSteps.Invert) {
        CpuKernels.invert(x);
      } else if (s instanceof ImageSteps.Posterize ps) {
        CpuKernels.posterize(x, ps.bits());
      } else if (s instanceof ImageSteps.Solarize so) {
        CpuKernels.solarize(x, (float) so.threshold());
      } else if (s instanceof ImageSteps.AutoContrast) {
        CpuKernels.autoContrast(x, c, plane);
      } else if (s instanceof ImageSteps.Sharpness sh) {
        CpuKernels.sharpness(x, c, h, w, (float) sh.factor());
      } else if (s instanceof ImageSteps.Normalize nz) {
        if (nz.mean().size() != c) {
          throw new InvalidDataException(
              "normalize channel count differs", "sample " + sample.id(), nz.mean().size() + " channels",
              c + " channels");
        }
        float[] mean = new float[c], std = new float[c];
        for (int i = 0; i < c; i++) {
          mean[i] = nz.mean().get(i).floatValue();
          std[i] = nz.std().get(i).floatValue();
        }
        CpuKernels.normalize(x, c, plane, mean, std);
        normalized = true;
      } else {
        throw new IllegalArgumentException("the CPU image backend cannot run step " + s);
      }
    }
    Raster out = raster(in.pixelType() == Raster.PixelType.UINT8 && !normalized, c, h, w, x);
    return targets(sample, in, sample.withImage(out), plan, policy);
  }

  /**
   * The plan run on bytes when {@code in} is uint8 and every step is a lattice warp or an RGB HSV shift on the
   * 8-bit lattice (a letterbox at scale 1, flips, quarter turns, HueSaturationValue): the same bytes the float path
   * gives, without it. {@code null} when the plan needs the float path.
   */
  private static Raster onBytes(Raster in, List<Step> plan, boolean[] lattice, RowDemand demand) {
    if (in.pixelType() != Raster.PixelType.UINT8 || plan.isEmpty()) {
      return null;
    }
    for (int k = 0; k < plan.size(); k++) {
      Step s = plan.get(k);
      boolean ok = ImagePlan.isLatticeWarp(s) || (s instanceof ImageSteps.HsvShift && in.channels() == 3 && lattice[k]);
      if (!ok) {
        return null;
      }
    }
    int c = in.channels(), h = in.height(), w = in.width();
    byte[] b = in.uint8Array();
    if (plan.size() == 2 && plan.get(0) instanceof ImageSteps.Warp warp && plan.get(1) instanceof ImageSteps.HsvShift hsv) {
      // Letterbox or flip, then HSV (detection recipes): one pass, on either HSV kernel.
      byte[] fused = ByteKernels.latticeWarpHsv(b, h, w, warp.matrix(), warp.outHeight(), warp.outWidth(),
          ByteKernels.fillByte(warp.fill()), warp.border(), hsv.hue(), hsv.saturation(), hsv.value(), demand);
      if (fused != null) {
        return Raster.wrapUint8(c, warp.outHeight(), warp.outWidth(), fused);
      }
    }
    for (Step s : plan) {
      if (s instanceof ImageSteps.Warp warp) {
        b = ByteKernels.latticeWarp(b, c, h, w, warp.matrix(), warp.outHeight(), warp.outWidth(),
            ByteKernels.fillByte(warp.fill()), warp.border());
        h = warp.outHeight();
        w = warp.outWidth();
      } else {
        if (b == in.uint8Array()) {
          b = b.clone();
        }
        ImageSteps.HsvShift hsv = (ImageSteps.HsvShift) s;
        ByteKernels.hsvShift(b, h * w, hsv.hue(), hsv.saturation(), hsv.value());
      }
    }
    return Raster.wrapUint8(c, h, w, b);
  }

  /** {@code result} (the image done) with the targets of {@code sample} moved through {@code plan}. */
  private static ImageSample targets(ImageSample sample, Raster in, ImageSample result, List<Step> plan,
      BoxPolicy policy) throws InvalidDataException {
    if (!sample.boxes().isEmpty()) {
      Targets.MovedBoxes moved =
          Targets.moveBoxes(sample.boxes(), sample.boxFormat(), in.width(), in.height(), plan, policy);
      result = result.withBoxes(moved.boxes(), sample.boxFormat());
      if (!sample.instanceMasks().isEmpty()) {
        List<dev.datamgmt.augment.geometry.SegmentationMask> masks = new java.util.ArrayList<>();
        for (int k : moved.sourceIndex()) {
          masks.add(Targets.mask(sample.instanceMasks().get(k), plan));
        }
        result = result.withInstanceMasks(masks);
      }
    }
    if (!sample.keypoints().isEmpty()) {
      List<Keypoint> kps =
          Targets.keypoints(sample.keypoints(), in.width(), in.height(), plan, sample.keypointFlipIndex());
      result = result.withKeypoints(kps);
    }
    if (sample.mask() != null) {
      result = result.withMask(Targets.mask(sample.mask(), plan));
    }
    return result;
  }

  /** CHW floats as a raster: rounded to bytes when {@code uint8}, else wrapped. */
  static Raster raster(boolean uint8, int c, int h, int w, float[] x) {
    if (!uint8) {
      return Raster.wrapFloat(c, h, w, x);
    }
    byte[] b = new byte[x.length];
    for (int i = 0; i < x.length; i++) {
      b[i] = (byte) Raster.toByte(x[i]);
    }
    return Raster.wrapUint8(c, h, w, b);
  }

  /**
   * Finds the partner (after its per-sample steps) that sample {@code i} mixes with, from the step's partner draw
   * {@code u} in {@code [0, 1)}.
   */
  interface PartnerLookup {
    ImageSample partner(int i, double u) throws InvalidDataException;
  }

  /**
   * Applies each sample's mix steps against the per-sample results of its partner (the partner's result
   * before its own mixes, so the order of samples in the batch does not matter).
   */
  static List<ImageSample> mix(List<ImageSample> augmented, List<List<Step>> steps, PartnerLookup partners,
      BoxPolicy policy) throws InvalidDataException {
    int n = augmented.size();
    List<ImageSample> out = new ArrayList<>(augmented);
    for (int i = 0; i < n; i++) {
      out.set(i, mixOne(i, augmented, steps.get(i), partners, policy));
    }
    return out;
  }

  /**
   * Sample {@code i}'s mix steps against the per-sample results {@code augmented} of its partners; reads
   * {@code augmented} only, so samples can be mixed on any thread in any order.
   */
  static ImageSample mixOne(int i, List<ImageSample> augmented, List<Step> steps, PartnerLookup partners,
      BoxPolicy policy) throws InvalidDataException {
    ImageSample self = augmented.get(i);
    ImageSample result = self;
    float[] x = null;
    float[] label = self.label();
    int[] mask = null;
    for (Step s : steps) {
      if (s instanceof ImageSteps.Mosaic || s instanceof ImageSteps.CopyPaste) {
        // These replace the sample's targets too: they run on the sample as the mixes so far left it.
        ImageSample cur = x == null ? self : self.withImage(raster(self.image().pixelType()
            == Raster.PixelType.UINT8, self.image().channels(), self.image().height(), self.image().width(), x));
        cur = mask == null ? cur.withLabel(label) : cur.withLabel(label).withMask(
            dev.datamgmt.augment.geometry.SegmentationMask.of(cur.image().width(), cur.image().height(), mask));
        if (s instanceof ImageSteps.CopyPaste cp) {
          self = CopyPastes.apply(cur, partners.partner(i, cp.partner()), cp, policy);
        } else {
          ImageSteps.Mosaic mo = (ImageSteps.Mosaic) s;
          ImageSample[] parts = new ImageSample[3];
          for (int k = 0; k < 3; k++) {
            parts[k] = partners.partner(i, mo.partners().get(k));
          }
          self = Mosaics.apply(cur, parts, mo, policy);
        }
        result = self;
        x = null;
        mask = null;
        label = self.label();
        continue;
      }
      if (!(s instanceof ImageSteps.Mix mix)) {
        continue;
      }
      ImageSample other = partners.partner(i, mix.partner());
      Raster a = self.image(), b = other.image();
      if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width()) {
        throw new InvalidDataException(
            "mix partner has another shape", "sample " + self.id() + " mixing with " + other.id(),
            a.toString(), b.toString());
      }
      if (x == null) {
        x = a.toFloatChw();
      }
      float[] y = b.toFloatChw();
      int c = a.channels(), h = a.height(), w = a.width(), plane = h * w;
      double weight = CpuKernels.mixWeight(mix, w, h);
      if (mix.cutmix()) {
        int[] box = CpuKernels.cutBox(mix, w, h);
        for (int ch = 0; ch < c; ch++) {
          for (int yy = box[1]; yy < box[3]; yy++) {
            for (int xx = box[0]; xx < box[2]; xx++) {
              x[ch * plane + yy * w + xx] = y[ch * plane + yy * w + xx];
            }
          }
        }
        // A pasted region brings its segmentation with it; mixup cannot blend class ids and keeps the own mask.
        if (self.mask() != null && other.mask() != null) {
          if (mask == null) {
            mask = self.mask().toArray();
          }
          for (int yy = box[1]; yy < box[3]; yy++) {
            for (int xx = box[0]; xx < box[2]; xx++) {
              mask[yy * w + xx] = other.mask().get(xx, yy);
            }
          }
        }
      } else {
        float l = (float) mix.lambda();
        for (int k = 0; k < x.length; k++) {
          x[k] = l * x[k] + (1 - l) * y[k];
        }
      }
      float[] otherLabel = other.label();
      if (label != null && otherLabel != null) {
        if (label.length != otherLabel.length) {
          throw new InvalidDataException(
              "mix partner label has another length", "sample " + self.id() + " mixing with " + other.id(),
              label.length + " classes", otherLabel.length + " classes");
        }
        for (int k = 0; k < label.length; k++) {
          label[k] = (float) (weight * label[k] + (1 - weight) * otherLabel[k]);
        }
      }
    }
    if (x != null) {
      Raster a = self.image();
      Raster img = raster(a.pixelType() == Raster.PixelType.UINT8, a.channels(), a.height(), a.width(), x);
      ImageSample mixed = self.withImage(img).withLabel(label);
      if (mask != null) {
        mixed = mixed.withMask(dev.datamgmt.augment.geometry.SegmentationMask.of(a.width(), a.height(), mask));
      }
      result = mixed;
    }
    return result;
  }
}
