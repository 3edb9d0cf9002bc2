package dev.datamgmt.augment.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.internal.cpu.ByteOps;
import dev.datamgmt.augment.internal.cpu.CpuKernels;
import dev.datamgmt.augment.internal.cpu.HostSteps;
import dev.datamgmt.augment.internal.geometry.GridMap;
import dev.datamgmt.augment.geometry.Homography;
import dev.datamgmt.augment.internal.image.ImagePlan;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.BorderMode;
import dev.datamgmt.augment.image.Interpolation;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Executes per-sample plans on a batch. Plans differ between samples (a flip comes up for some), so the
 * executor runs in stages: each stage takes the kind of the next step of the first unfinished sample and runs
 * it for every sample whose next step has that kind, with identity parameters for the others. Samples with
 * the same structure (the common case) therefore take one stage per step.
 */
final class BatchExecutor {
  /** The images, labels ({@code null} if none) and masks ({@code (N, 1, H, W)} float32, or null) of a batch. */
  record Arrays3(NDArray images, NDArray labels, NDArray masks) {}

  /**
   * Where the mix partners come from: rows of {@code images} (and labels, masks), sample {@code i}'s partner in
   * mix round {@code r} being row {@code row[r][i]}.
   */
  record Partners(NDArray images, NDArray labels, NDArray masks, int[][] row) {}

  private final NDManager manager;
  private final List<List<Step>> plans;
  private final List<List<ImageSteps.Mix>> mixes;

  /** An executor for a batch of {@code width x height} images, one entry of {@code params} per sample. */
  BatchExecutor(NDManager manager, List<AugmentParams> params, int width, int height) {
    this.manager = manager;
    this.plans = new ArrayList<>(params.size());
    this.mixes = new ArrayList<>(params.size());
    for (AugmentParams p : params) {
      List<Step> perSample = new ArrayList<>();
      List<ImageSteps.Mix> mix = new ArrayList<>();
      for (Step st : p.steps()) {
        if (st instanceof ImageSteps.Mosaic || st instanceof ImageSteps.CopyPaste) {
          throw new IllegalArgumentException("step " + st + ": mosaic and copy-paste run on the CPU backend "
              + "(CpuAugmenter); the device backend does not merge the partners' boxes");
        } else if (st instanceof ImageSteps.Mix m) {
          mix.add(m);
        } else if (st.getClass().getEnclosingClass() == ImageSteps.class) {
          perSample.add(st);
        } else {
          throw new IllegalArgumentException("step " + st + " is not an image step; the device backend runs images");
        }
      }
      plans.add(ImagePlan.of(perSample, width, height));
      mixes.add(mix);
    }
  }

  /** The execution plan of each sample (what the CPU backend runs too; boxes and keypoints follow it). */
  List<List<Step>> plans() {
    return plans;
  }

  /** The mix steps of each sample, in order. */
  List<List<ImageSteps.Mix>> mixes() {
    return mixes;
  }

  /**
   * Runs the per-sample plans, then the mixes with partners from {@code partners}, or from the batch itself
   * (after its per-sample steps) when {@code partners} is null.
   *
   * @param batch {@code (N, C, H, W)} float32 or uint8
   * @param labels {@code (N, K)} or null
   * @param masks {@code (N, H, W)} of any numeric type, or null; returned as {@code (N, 1, H', W')} float32
   */
  Arrays3 run(NDArray batch, NDArray labels, NDArray masks, Partners partners) throws InvalidDataException {
    Arrays3 r = runPerSample(batch, labels, masks);
    NDArray x = r.images(), y = r.labels(), m = r.masks();
    int n = (int) x.getShape().get(0);
    if (mixes.stream().anyMatch(l -> !l.isEmpty())) {
      if (partners == null) {
        int[][] rows = new int[maxRounds()][n];
        for (int round = 0; round < rows.length; round++) {
          for (int i = 0; i < n; i++) {
            rows[round][i] = round < mixes.get(i).size()
                ? Math.min(n - 1, (int) Math.floor(mixes.get(i).get(round).partner() * n)) : i;
          }
        }
        partners = new Partners(x, y, m, rows);
      }
      Arrays3 mixed = mix(x, y, m, partners);
      x = mixed.images();
      y = mixed.labels();
      m = mixed.masks();
    }
    if (x == batch) {
      x = batch.duplicate();
    }
    if (y != null && y == labels) {
      y = labels.duplicate();
    }
    return new Arrays3(x, y, m);
  }

  /** The number of mix rounds: the most mix steps any sample has. */
  int maxRounds() {
    int r = 0;
    for (List<ImageSteps.Mix> l : mixes) {
      r = Math.max(r, l.size());
    }
    return r;
  }

  /** For the stage being run, whether each sample is an uint8 image still on the 8-bit lattice. */
  private boolean[] stageOnBytes;

  /** Runs the per-sample plans only; labels pass through (as float32), masks move with the geometry. */
  Arrays3 runPerSample(NDArray batch, NDArray labels, NDArray masks) throws InvalidDataException {
    Shape s = batch.getShape();
    int n = (int) s.get(0), c = (int) s.get(1);
    int h = (int) s.get(2), w = (int) s.get(3);
    // Float input is used as is (every step makes new arrays); the result is copied only if nothing ran.
    NDArray x = batch.getDataType() == DataType.UINT8 ? batch.toType(DataType.FLOAT32, false).div(255f) : batch;
    // Class ids are exact in float32 up to 2^24; gathers move them without arithmetic.
    NDArray m = masks == null ? null : masks.toType(DataType.FLOAT32, false).reshape(n, 1, h, w);
    boolean uint8 = batch.getDataType() == DataType.UINT8;
    // Samples on the 8-bit policy path (ImagePlan.bytePolicyPath) run their plan on the host, as the CPU backend
    // does; here they take part in the warp stages only (their masks and the batch shape follow the geometry).
    boolean[] bytePath = new boolean[n];
    List<List<Step>> plans = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<Step> p = this.plans.get(i);
      bytePath[i] = ImagePlan.bytePolicyPath(p, uint8, c);
      plans.add(bytePath[i] ? p.stream().filter(st -> st instanceof ImageSteps.Warp).toList()
          : ImagePlan.withoutUint8Markers(p));
    }
    boolean[][] lattice = new boolean[n][];
    for (int i = 0; i < n; i++) {
      lattice[i] = ImagePlan.onByteLattice(plans.get(i), uint8);
    }
    int[] next = new int[n];
    while (true) {
      int lead = -1;
      for (int i = 0; i < n; i++) {
        if (next[i] < plans.get(i).size()) {
          lead = i;
          break;
        }
      }
      if (lead < 0) {
        break;
      }
      String kind = kind(plans.get(lead).get(next[lead]));
      Step[] stage = new Step[n];
      stageOnBytes = new boolean[n];
      for (int i = 0; i < n; i++) {
        if (next[i] < plans.get(i).size() && kind(plans.get(i).get(next[i])).equals(kind)) {
          stage[i] = plans.get(i).get(next[i]);
          stageOnBytes[i] = lattice[i][next[i]];
          next[i]++;
        }
      }
      if (m != null) {
        m = runMaskStage(m, stage, n, h, w);
      }
      x = runStage(x, stage, n, c);
      h = (int) x.getShape().get(2);
      w = (int) x.getShape().get(3);
    }
    x = onBytePath(batch, x, bytePath, c, h, w);
    NDArray y = labels == null ? null : labels.toType(DataType.FLOAT32, false);
    return new Arrays3(x, y, m);
  }

  /**
   * {@code x} with the rows of the samples on the 8-bit policy path replaced by their plan run on the host from
   * their input bytes ({@link ByteOps#run}): the CPU backend's bytes, as floats (k / 255 unless normalized).
   */
  private NDArray onBytePath(NDArray batch, NDArray x, boolean[] bytePath, int c, int h, int w)
      throws InvalidDataException {
    int n = bytePath.length;
    boolean any = false;
    for (boolean b : bytePath) {
      any |= b;
    }
    if (!any) {
      return x;
    }
    int ih = (int) batch.getShape().get(2), iw = (int) batch.getShape().get(3);
    NDList rows = new NDList(n);
    for (int i = 0; i < n; i++) {
      if (!bytePath[i]) {
        rows.add(x.get(i));
        continue;
      }
      List<Step> p = plans.get(i);
      if (p.get(p.size() - 1) instanceof ImageSteps.Normalize nz && nz.mean().size() != c) {
        throw new InvalidDataException("normalize channel count differs", "sample " + i + " of the batch",
            nz.mean().size() + " channels", c + " channels");
      }
      Raster r = ByteOps.run(batch.get(i).toByteArray(), c, ih, iw, p);
      float[] f;
      if (r.pixelType() == Raster.PixelType.UINT8) {
        byte[] b = r.uint8Array();
        f = new float[b.length];
        for (int k = 0; k < b.length; k++) {
          f[k] = (b[k] & 0xFF) * (1f / 255f);
        }
      } else {
        f = r.floatArray();
      }
      rows.add(manager.create(f, new Shape(c, h, w)));
    }
    return NDArrays.stack(rows);
  }

  /**
   * Moves masks {@code (N, 1, h, w)} through a geometric stage with nearest-neighbour sampling and fill 0; other
   * stages leave them alone. Warps gather on the device like the image does; grid warps gather through the
   * host-computed nearest index map that the CPU backend's mask path uses.
   */
  private NDArray runMaskStage(NDArray m, Step[] stage, int n, int h, int w) {
    Step first = Arrays.stream(stage).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
    if (first instanceof ImageSteps.Warp warp) {
      return warp(m, inverses(stage, n), warp.outHeight(), warp.outWidth(), false, 0f, warp.border());
    }
    if (first instanceof ImageSteps.GridWarp) {
      int hw = h * w;
      long[] idx = new long[n * hw];
      boolean[] inside = new boolean[n * hw];
      int[] map = new int[hw];
      for (int i = 0; i < n; i++) {
        if (stage[i] != null) {
          new GridMap((ImageSteps.GridWarp) stage[i], w, h).nearestIndexMap(map);
        } else {
          for (int k = 0; k < hw; k++) {
            map[k] = k;
          }
        }
        for (int k = 0; k < hw; k++) {
          idx[i * hw + k] = Math.max(0, map[k]);
          inside[i * hw + k] = map[k] >= 0;
        }
      }
      NDArray gathered = m.reshape(n, hw).gather(manager.create(idx, new Shape(n, hw)), 1);
      NDArray keep = manager.create(inside, new Shape(n, hw));
      return NDArrays.where(keep, gathered, manager.zeros(gathered.getShape(), DataType.FLOAT32)).reshape(n, 1, h, w);
    }
    return m;
  }

  /** The inverse warp matrices of a warp stage (identity for samples not in it), {@code N*9} row-major. */
  private static double[] inverses(Step[] stage, int n) {
    double[] inv = new double[n * 9];
    for (int i = 0; i < n; i++) {
      double[] mi = stage[i] != null ? Homography.invert(((ImageSteps.Warp) stage[i]).matrix()) : Homography.identity();
      System.arraycopy(mi, 0, inv, i * 9, 9);
    }
    return inv;
  }

  private static String kind(Step s) {
    if (s instanceof ImageSteps.Warp warp) {
      return "warp/" + warp.interpolation() + "/" + warp.fill() + "/" + warp.outWidth() + "x" + warp.outHeight()
          + "/" + warp.border();
    }
    if (s instanceof ImageSteps.GridWarp g) {
      return "grid/" + g.interpolation() + "/" + g.fill() + "/" + g.border();
    }
    return s.getClass().getSimpleName();
  }

  private NDArray runStage(NDArray x, Step[] stage, int n, int c) throws InvalidDataException {
    Step first = Arrays.stream(stage).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
    int h = (int) x.getShape().get(2), w = (int) x.getShape().get(3);
    boolean[] on = new boolean[n];
    for (int i = 0; i < n; i++) {
      on[i] = stage[i] != null;
    }
    if (first instanceof ImageSteps.Warp warp) {
      int oh = warp.outHeight(), ow = warp.outWidth();
      if (oh != h || ow != w) {
        for (int i = 0; i < n; i++) {
          if (!on[i]) {
            throw new IllegalArgumentException("the device backend needs one output size per batch: sample " + i
                + " stays " + w + "x" + h + " while others become " + ow + "x" + oh);
          }
        }
      }
      return warp(x, inverses(stage, n), oh, ow, warp.interpolation() == Interpolation.BILINEAR, (float) warp.fill(),
          warp.border());
    }
    if (first instanceof ImageSteps.GridWarp g) {
      float[] xs = new float[n * h * w], ys = new float[n * h * w];
      float[] bx = new float[h * w], by = new float[h * w];
      for (int i = 0; i < n; i++) {
        if (on[i]) {
          new GridMap((ImageSteps.GridWarp) stage[i], w, h).indexMap(bx, by);
        } else {
          for (int k = 0; k < h * w; k++) {
            bx[k] = k % w;
            by[k] = k / w;
          }
        }
        System.arraycopy(bx, 0, xs, i * h * w, h * w);
        System.arraycopy(by, 0, ys, i * h * w, h * w);
      }
      NDArray sx = manager.create(xs, new Shape(n, (long) h * w));
      NDArray sy = manager.create(ys, new Shape(n, (long) h * w));
      if (g.border() != BorderMode.CONSTANT) {
        return sampleBorder(x, sx.toType(DataType.FLOAT64, false), sy.toType(DataType.FLOAT64, false), h, w,
            g.interpolation() == Interpolation.BILINEAR, g.border());
      }
      return sample(x, sx, sy, h, w, g.interpolation() == Interpolation.BILINEAR, (float) g.fill());
    }
    if (first instanceof ImageSteps.Brightness) {
      NDArray f = perSample(n, i -> on[i] ? (float) ((ImageSteps.Brightness) stage[i]).factor() : 1f);
      return select(on, x.mul(f).clip(0f, 1f), x);
    }
    if (first instanceof ImageSteps.Contrast) {
      NDArray f = perSample(n, i -> on[i] ? (float) ((ImageSteps.Contrast) stage[i]).factor() : 1f);
      NDArray mean = gray(x, c).reshape(n, -1).mean(new int[] {1}, true).reshape(n, 1, 1, 1);
      NDArray out = x.mul(f).add(f.neg().add(1f).mul(mean)).clip(0f, 1f);
      return select(on, out, x);
    }
    if (first instanceof ImageSteps.Saturation) {
      if (c != 3) {
        return x;
      }
      NDArray f = perSample(n, i -> on[i] ? (float) ((ImageSteps.Saturation) stage[i]).factor() : 1f);
      NDArray out = x.mul(f).add(f.neg().add(1f).mul(gray(x, c))).clip(0f, 1f);
      return select(on, out, x);
    }
    if (first instanceof ImageSteps.Hue) {
      if (c != 3) {
        return x;
      }
      float[] m = new float[n * 9];
      for (int i = 0; i < n; i++) {
        float[] mi = on[i] ? CpuKernels.hueMatrix(((ImageSteps.Hue) stage[i]).shift()) : new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        System.arraycopy(mi, 0, m, i * 9, 9);
      }
      NDArray mat = manager.create(m, new Shape(n, 3, 3));
      NDArray out = mat.matMul(x.reshape(n, 3, (long) h * w)).reshape(n, 3, h, w).clip(0f, 1f);
      return select(on, out, x);
    }
    if (first instanceof ImageSteps.Gamma) {
      NDArray g = perSample(n, i -> on[i] ? (float) ((ImageSteps.Gamma) stage[i]).gamma() : 1f);
      return select(on, x.clip(0f, 1f).pow(g), x);
    }
    if (first instanceof ImageSteps.Grayscale) {
      if (c != 3) {
        return x;
      }
      NDArray g = gray(x, c);
      return select(on, NDArrays.concat(new NDList(g, g, g), 1), x);
    }
    if (first instanceof ImageSteps.Noise) {
      int per = c * h * w;
      float[] z = new float[n * per];
      for (int i = 0; i < n; i++) {
        if (on[i]) {
          ImageSteps.Noise ns = (ImageSteps.Noise) stage[i];
          float[] zi = CpuKernels.noiseField(ns.seed(), per);
          float sigma = (float) ns.sigma();
          for (int k = 0; k < per; k++) {
            z[i * per + k] = sigma * zi[k];
          }
        }
      }
      NDArray noise = manager.create(z, x.getShape());
      return select(on, x.add(noise).clip(0f, 1f), x);
    }
    if (first instanceof ImageSteps.Blur) {
      return blur(x, stage, on, n);
    }
    if (first instanceof ImageSteps.AugMixBlend) {
      return augMix(x, stage, on, n);
    }
    if (HostSteps.handles(first)) {
      return onHost(x, stage, on, n, c);
    }
    if (first instanceof ImageSteps.ChannelMap) {
      return channelMap(x, stage, on, n, c);
    }
    if (first instanceof ImageSteps.Convolve) {
      return convolve(x, stage, on, n);
    }
    if (first instanceof ImageSteps.Pixelate) {
      float[] xs = new float[n * h * w], ys = new float[n * h * w];
      for (int i = 0; i < n; i++) {
        int b = on[i] ? ((ImageSteps.Pixelate) stage[i]).block() : 1;
        for (int v = 0; v < h; v++) {
          for (int u = 0; u < w; u++) {
            int k = i * h * w + v * w + u;
            xs[k] = b <= 1 ? u : CpuKernels.pixelateIndex(u, b, w);
            ys[k] = b <= 1 ? v : CpuKernels.pixelateIndex(v, b, h);
          }
        }
      }
      NDArray sx = manager.create(xs, new Shape(n, (long) h * w));
      NDArray sy = manager.create(ys, new Shape(n, (long) h * w));
      return sample(x, sx, sy, h, w, false, 0f);
    }
    if (first instanceof ImageSteps.Erase) {
      float[] box = new float[n * 4];
      float[] val = new float[n];
      for (int i = 0; i < n; i++) {
        if (on[i]) {
          ImageSteps.Erase e = (ImageSteps.Erase) stage[i];
          box[i * 4] = e.x0();
          box[i * 4 + 1] = e.y0();
          box[i * 4 + 2] = e.x1();
          box[i * 4 + 3] = e.y1();
          val[i] = (float) e.value();
        }
      }
      NDArray inside = rectMask(box, n, h, w);
      NDArray v = manager.create(val, new Shape(n, 1, 1, 1)).broadcast(x.getShape());
      return NDArrays.where(inside.broadcast(x.getShape()), v, x);
    }
    if (first instanceof ImageSteps.Invert) {
      return select(on, x.neg().add(1f), x);
    }
    if (first instanceof ImageSteps.Solarize) {
      NDArray t = perSample(n, i -> on[i] ? (float) ((ImageSteps.Solarize) stage[i]).threshold() : 3f);
      return NDArrays.where(x.gte(t.broadcast(x.getShape())), x.neg().add(1f), x);
    }
    if (first instanceof ImageSteps.Posterize) {
      // Round to 8 bits as Raster.toByte does (half up, clamped), then drop the low bits: floor(v / q) * q.
      NDArray q = perSample(n, i -> on[i] ? (float) (1 << (8 - ((ImageSteps.Posterize) stage[i]).bits())) : 1f);
      NDArray v = x.mul(255f).clip(0f, 255f).add(0.5f).floor();
      NDArray out = v.div(q).floor().mul(q).div(255f);
      return select(on, out, x);
    }
    if (first instanceof ImageSteps.AutoContrast) {
      NDArray flat = x.reshape(n, c, (long) h * w);
      NDArray lo = flat.min(new int[] {2}, true).reshape(n, c, 1, 1);
      NDArray hi = flat.max(new int[] {2}, true).reshape(n, c, 1, 1);
      NDArray range = hi.sub(lo);
      NDArray flatCh = range.lte(0f);
      NDArray safe = NDArrays.where(flatCh, range.onesLike(), range);
      NDArray out = x.sub(lo).div(safe).clip(0f, 1f);
      out = NDArrays.where(flatCh.broadcast(x.getShape()), x, out);
      return select(on, out, x);
    }
    if (first instanceof ImageSteps.Sharpness) {
      if (h < 3 || w < 3) {
        return x;
      }
      NDArray f = perSample(n, i -> on[i] ? (float) ((ImageSteps.Sharpness) stage[i]).factor() : 1f);
      NDArray sum = null;
      for (int dy = 0; dy < 3; dy++) {
        for (int dx = 0; dx < 3; dx++) {
          NDArray t = x.get(new ai.djl.ndarray.index.NDIndex(":, :, " + dy + ":" + (h - 2 + dy) + ", " + dx + ":"
              + (w - 2 + dx)));
          if (dy == 1 && dx == 1) {
            t = t.mul(5f);
          }
          sum = sum == null ? t : sum.add(t);
        }
      }
      NDArray interior = sum.div(13f);
      NDArray centre = x.get(new ai.djl.ndarray.index.NDIndex(":, :, 1:" + (h - 1) + ", 1:" + (w - 1)));
      NDArray blended = centre.mul(f).add(interior.mul(f.neg().add(1f)));
      NDArray out = x.duplicate();
      out.set(new ai.djl.ndarray.index.NDIndex(":, :, 1:" + (h - 1) + ", 1:" + (w - 1)), blended);
      return select(on, out.clip(0f, 1f), x);
    }
    if (first instanceof ImageSteps.Normalize) {
      float[] mean = new float[n * c], inv = new float[n * c];
      for (int i = 0; i < n; i++) {
        for (int ch = 0; ch < c; ch++) {
          if (on[i]) {
            ImageSteps.Normalize nz = (ImageSteps.Normalize) stage[i];
            if (nz.mean().size() != c) {
              throw new InvalidDataException("normalize channel count differs", "sample at batch position " + i,
                  nz.mean().size() + " channels", c + " channels");
            }
            mean[i * c + ch] = nz.mean().get(ch).floatValue();
            inv[i * c + ch] = 1f / nz.std().get(ch).floatValue();
          } else {
            inv[i * c + ch] = 1f;
          }
        }
      }
      NDArray m = manager.create(mean, new Shape(n, c, 1, 1));
      NDArray s = manager.create(inv, new Shape(n, c, 1, 1));
      return select(on, x.sub(m).mul(s), x);
    }
    throw new IllegalArgumentException("the device backend cannot run step " + first);
  }

  interface PerSample {
    float value(int i);
  }

  private NDArray perSample(int n, PerSample f) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = f.value(i);
    }
    return manager.create(v, new Shape(n, 1, 1, 1));
  }

  /** Per-sample choice: samples with {@code on[i]} take {@code a}, the others keep {@code b} unchanged. */
  private NDArray select(boolean[] on, NDArray a, NDArray b) {
    boolean all = true;
    for (boolean o : on) {
      all &= o;
    }
    if (all) {
      return a;
    }
    NDArray cond = manager.create(on, new Shape(on.length, 1, 1, 1)).broadcast(a.getShape());
    return NDArrays.where(cond, a, b);
  }

  private static NDArray gray(NDArray x, int c) {
    if (c == 1) {
      return x;
    }
    NDArray r = x.get(":, 0:1, :, :"), g = x.get(":, 1:2, :, :"), b = x.get(":, 2:3, :, :");
    return r.mul(CpuKernels.GRAY_R).add(g.mul(CpuKernels.GRAY_G)).add(b.mul(CpuKernels.GRAY_B));
  }

  private NDArray rectMask(float[] box, int n, int h, int w) {
    NDArray b = manager.create(box, new Shape(n, 4));
    NDArray xs = manager.arange(0f, (float) w, 1f, DataType.FLOAT32).reshape(1, 1, 1, w);
    NDArray ys = manager.arange(0f, (float) h, 1f, DataType.FLOAT32).reshape(1, 1, h, 1);
    NDArray x0 = b.get(":, 0").reshape(n, 1, 1, 1), y0 = b.get(":, 1").reshape(n, 1, 1, 1);
    NDArray x1 = b.get(":, 2").reshape(n, 1, 1, 1), y1 = b.get(":, 3").reshape(n, 1, 1, 1);
    return xs.gte(x0).logicalAnd(xs.lt(x1)).logicalAnd(ys.gte(y0)).logicalAnd(ys.lt(y1));
  }

  /** Warp with per-sample inverse matrices {@code inv} (N*9, row-major). */
  private NDArray warp(NDArray x, double[] inv, int oh, int ow, boolean bilinear, float fill, BorderMode border) {
    int n = (int) x.getShape().get(0);
    // Fold the pixel-centre offsets into the matrices, so integer output indices map straight to input indices:
    // index' = T(-0.5) * inv * T(+0.5) * index.
    double[] m = new double[n * 9];
    boolean affine = true;
    for (int i = 0; i < n; i++) {
      double[] mi = Arrays.copyOfRange(inv, i * 9, i * 9 + 9);
      mi = Homography.multiply(Homography.translate(-0.5, -0.5),
          Homography.multiply(mi, Homography.translate(0.5, 0.5)));
      affine &= mi[6] == 0 && mi[7] == 0 && mi[8] == 1;
      System.arraycopy(mi, 0, m, i * 9, 9);
    }
    NDArray mat = manager.create(m, new Shape(n, 3, 3));
    NDArray us = manager.arange(0f, (float) ow, 1f, DataType.FLOAT64);
    NDArray vs = manager.arange(0f, (float) oh, 1f, DataType.FLOAT64);
    NDArray px = us.reshape(1, ow).broadcast(oh, ow).reshape(1, (long) oh * ow);
    NDArray py = vs.reshape(oh, 1).broadcast(oh, ow).reshape(1, (long) oh * ow);
    NDArray ones = manager.ones(new Shape(1, (long) oh * ow), DataType.FLOAT64);
    // Coordinates in float64, as on the CPU: float32 would move nearest-neighbour ties and drift on large images.
    NDArray src = mat.matMul(NDArrays.concat(new NDList(px, py, ones), 0)); // (N, 3, HWo)
    NDArray sx = src.get(":, 0, :");
    NDArray sy = src.get(":, 1, :");
    if (!affine) {
      NDArray z = src.get(":, 2, :");
      sx = sx.div(z);
      sy = sy.div(z);
    }
    if (border != BorderMode.CONSTANT) {
      return sampleBorder(x, sx, sy, oh, ow, bilinear, border);
    }
    return sample(x, sx, sy, oh, ow, bilinear, fill);
  }

  /**
   * {@link #sample} with a reflect or replicate border: every tap's integer index is mapped into the image the
   * way {@link BorderMode#index} does on the CPU, then gathered from the unpadded image.
   */
  private NDArray sampleBorder(NDArray x, NDArray sx, NDArray sy, int oh, int ow, boolean bilinear,
      BorderMode border) {
    Shape s = x.getShape();
    int n = (int) s.get(0), c = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3);
    long hwo = (long) oh * ow;
    NDArray flat = x.reshape(n, c, (long) h * w);
    double far = 1 << 30;
    if (!bilinear) {
      NDArray xi = mapIndex(sx.add(0.5).floor().clip(-far, far), w, border);
      NDArray yi = mapIndex(sy.add(0.5).floor().clip(-far, far), h, border);
      NDArray idx = yi.mul(w).add(xi).toType(DataType.INT64, false);
      return gatherRows(flat, idx, n, c, hwo).reshape(n, c, oh, ow);
    }
    NDArray x0 = sx.clip(-far, far).floor(), y0 = sy.clip(-far, far).floor();
    NDArray ax = sx.clip(-far, far).sub(x0).toType(DataType.FLOAT32, false);
    NDArray ay = sy.clip(-far, far).sub(y0).toType(DataType.FLOAT32, false);
    NDArray bx = ax.neg().add(1f), by = ay.neg().add(1f);
    NDArray xa = mapIndex(x0, w, border), xb = mapIndex(x0.add(1), w, border);
    NDArray ya = mapIndex(y0, h, border).mul(w), yb = mapIndex(y0.add(1), h, border).mul(w);
    NDArray idx = NDArrays.stack(new NDList(ya.add(xa), ya.add(xb), yb.add(xa), yb.add(xb)), 1)
        .reshape(n, 4 * hwo).toType(DataType.INT64, false);
    NDArray wts = NDArrays.stack(new NDList(bx.mul(by), ax.mul(by), bx.mul(ay), ax.mul(ay)), 1).expandDims(1);
    NDArray taps = gatherRows(flat, idx, n, c, 4 * hwo).reshape(n, c, 4, hwo);
    return taps.mul(wts).sum(new int[] {2}).reshape(n, c, oh, ow);
  }

  /** Integer indices (float64) of an axis of length {@code len} mapped into it by {@code border}. */
  private static NDArray mapIndex(NDArray i, int len, BorderMode border) {
    if (border == BorderMode.REPLICATE) {
      return i.clip(0, len - 1);
    }
    if (len == 1) {
      return i.zerosLike();
    }
    double period = 2.0 * (len - 1);
    NDArray m = i.mod(period).add(period).mod(period);
    return m.neg().add(len - 1).abs().neg().add(len - 1);
  }

  /**
   * Reads {@code x} at index coordinates {@code (sx, sy)}, each {@code (N, HWo)}, bilinear or nearest, with
   * {@code fill} outside; returns {@code (N, C, oh, ow)}. The image is first padded with {@code fill} (one pixel
   * before, two after) and coordinates are clamped into the pad, so every tap is an in-range gather and no
   * per-tap validity masks are needed: a tap that falls outside the image reads the pad, i.e. {@code fill},
   * exactly as the CPU kernel does.
   */
  private NDArray sample(NDArray x, NDArray sx, NDArray sy, int oh, int ow, boolean bilinear, float fill) {
    Shape s = x.getShape();
    int n = (int) s.get(0), c = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3);
    int hp = h + 3, wp = w + 3;
    long hwo = (long) oh * ow;
    NDArray padded = pad(x, fill, n, c, h, w).reshape(n, c, (long) hp * wp);
    // Original coordinate -1 is padded index 0.
    NDArray cx = sx.clip(-1, w), cy = sy.clip(-1, h);
    if (!bilinear) {
      NDArray xi = cx.add(0.5).floor().clip(-1, w).add(1).toType(DataType.INT64, false);
      NDArray yi = cy.add(0.5).floor().clip(-1, h).add(1).toType(DataType.INT64, false);
      NDArray idx = yi.mul(wp).add(xi);
      return gatherRows(padded, idx, n, c, hwo).reshape(n, c, oh, ow);
    }
    NDArray x0 = cx.floor(), y0 = cy.floor();
    NDArray ax = cx.sub(x0).toType(DataType.FLOAT32, false), ay = cy.sub(y0).toType(DataType.FLOAT32, false);
    NDArray bx = ax.neg().add(1f), by = ay.neg().add(1f);
    // Padded index of the top-left tap; exact in float64, converted once.
    NDArray i00 = y0.add(1).mul(wp).add(x0).add(1).toType(DataType.INT64, false);
    // All four taps in one gather: (N, 4*HWo) positions, (N, 1, 4, HWo) weights, summed over the tap axis.
    NDArray idx = NDArrays.stack(new NDList(i00, i00.add(1), i00.add(wp), i00.add(wp + 1)), 1).reshape(n, 4 * hwo);
    NDArray wts = NDArrays.stack(new NDList(bx.mul(by), ax.mul(by), bx.mul(ay), ax.mul(ay)), 1).expandDims(1);
    NDArray taps = gatherRows(padded, idx, n, c, 4 * hwo).reshape(n, c, 4, hwo);
    return taps.mul(wts).sum(new int[] {2}).reshape(n, c, oh, ow);
  }

  /** {@code x} with {@code fill} added: one row/column before, two after, on both spatial axes. */
  private NDArray pad(NDArray x, float fill, int n, int c, int h, int w) {
    NDArray left = manager.full(new Shape(n, c, h, 1), fill), right = manager.full(new Shape(n, c, h, 2), fill);
    NDArray mid = NDArrays.concat(new NDList(left, x, right), 3);
    NDArray top = manager.full(new Shape(n, c, 1, w + 3), fill), bottom = manager.full(new Shape(n, c, 2, w + 3), fill);
    return NDArrays.concat(new NDList(top, mid, bottom), 2);
  }

  /** Gathers flat positions {@code idx (N, HWo)} from every channel of {@code flat (N, C, P)}. */
  private static NDArray gatherRows(NDArray flat, NDArray idx, int n, int c, long hwo) {
    return flat.gather(idx.expandDims(1).broadcast(n, c, hwo), 2);
  }

  /**
   * AugMix: chain {@code k} of every sample runs as one nested batch plan (samples without a chain {@code k} run an
   * empty plan and get weight 0), then the batch is blended with per-sample weights.
   */
  private NDArray augMix(NDArray x, Step[] stage, boolean[] on, int n) throws InvalidDataException {
    int h = (int) x.getShape().get(2), w = (int) x.getShape().get(3);
    int chains = 0;
    for (int i = 0; i < n; i++) {
      chains = on[i] ? Math.max(chains, ((ImageSteps.AugMixBlend) stage[i]).chains().size()) : chains;
    }
    NDArray out = x.mul(perSample(n, i -> on[i] ? (float) ((ImageSteps.AugMixBlend) stage[i]).originalWeight() : 1f));
    for (int k = 0; k < chains; k++) {
      final int chain = k;
      List<AugmentParams> params = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ImageSteps.AugMixBlend b = on[i] ? (ImageSteps.AugMixBlend) stage[i] : null;
        params.add(new AugmentParams(0, 0, 0, b != null && chain < b.chains().size() ? b.chains().get(chain) : List.of()));
      }
      NDArray y = new BatchExecutor(manager, params, w, h).runPerSample(x, null, null).images();
      out = out.add(y.mul(perSample(n, i -> {
        ImageSteps.AugMixBlend b = on[i] ? (ImageSteps.AugMixBlend) stage[i] : null;
        return b != null && chain < b.chains().size() ? b.chainWeights().get(chain).floatValue() : 0f;
      })));
    }
    return select(on, out.clip(0f, 1f), x);
  }

  /**
   * Host steps (see {@link HostSteps}): each chosen sample goes to the host, through the CPU kernel, and back;
   * the others stay on the device untouched.
   */
  private NDArray onHost(NDArray x, Step[] stage, boolean[] on, int n, int c) {
    int h = (int) x.getShape().get(2), w = (int) x.getShape().get(3);
    NDList parts = new NDList(n);
    for (int i = 0; i < n; i++) {
      NDArray xi = x.get(i);
      if (on[i]) {
        xi = manager.create(HostSteps.run(stage[i], xi.toFloatArray(), c, h, w, stageOnBytes[i]), new Shape(c, h, w));
      }
      parts.add(xi);
    }
    return NDArrays.stack(parts, 0);
  }

  /** Per-sample channel permutations as 0/1 matrices (exact in float), then the per-channel shifts. */
  private NDArray channelMap(NDArray x, Step[] stage, boolean[] on, int n, int c) {
    int h = (int) x.getShape().get(2), w = (int) x.getShape().get(3);
    float[] m = new float[n * c * c], b = new float[n * c];
    boolean[] applies = new boolean[n];
    for (int i = 0; i < n; i++) {
      ImageSteps.ChannelMap cm = on[i] ? (ImageSteps.ChannelMap) stage[i] : null;
      applies[i] = cm != null && cm.order().size() == c;
      for (int k = 0; k < c; k++) {
        m[i * c * c + k * c + (applies[i] ? cm.order().get(k) : k)] = 1f;
        b[i * c + k] = applies[i] ? cm.shift().get(k).floatValue() : 0f;
      }
    }
    NDArray mat = manager.create(m, new Shape(n, c, c));
    NDArray shift = manager.create(b, new Shape(n, c, 1, 1));
    NDArray out = mat.matMul(x.reshape(n, c, (long) h * w)).reshape(n, c, h, w).add(shift).clip(0f, 1f);
    return select(applies, out, x);
  }

  /**
   * Per-sample 2-D kernels, centred in one common tap grid (zero weights where a sample's kernel is smaller):
   * one replicate-padded copy, then a weighted sum of shifted windows in row-major tap order, as on the CPU.
   */
  private NDArray convolve(NDArray x, Step[] stage, boolean[] on, int n) {
    int size = 1;
    for (int i = 0; i < n; i++) {
      if (on[i]) {
        size = Math.max(size, ((ImageSteps.Convolve) stage[i]).size());
      }
    }
    int r = size / 2, taps = size * size;
    float[] wts = new float[n * taps];
    boolean[] used = new boolean[taps];
    for (int i = 0; i < n; i++) {
      float[] k = on[i] ? ((ImageSteps.Convolve) stage[i]).weights() : new float[] {1};
      int s = (int) Math.round(Math.sqrt(k.length)), off = r - s / 2;
      for (int ky = 0; ky < s; ky++) {
        for (int kx = 0; kx < s; kx++) {
          int t = (ky + off) * size + kx + off;
          wts[i * taps + t] = k[ky * s + kx];
          used[t] |= k[ky * s + kx] != 0;
        }
      }
    }
    int h = (int) x.getShape().get(2), w = (int) x.getShape().get(3);
    NDArray padded = replicatePad(replicatePad(x, r, 2), r, 3);
    NDArray weights = manager.create(wts, new Shape(n, taps));
    NDArray out = null;
    for (int t = 0; t < taps; t++) {
      if (!used[t]) {
        continue;
      }
      int ky = t / size, kx = t % size;
      NDArray term = padded.get(new NDIndex(":, :, " + ky + ":" + (ky + h) + ", " + kx + ":" + (kx + w)))
          .mul(weights.get(":, " + t).reshape(n, 1, 1, 1));
      out = out == null ? term : out.add(term);
    }
    return select(on, out == null ? x.zerosLike() : out.clip(0f, 1f), x);
  }

  private NDArray blur(NDArray x, Step[] stage, boolean[] on, int n) {
    int radius = 0;
    float[][] kernels = new float[n][];
    for (int i = 0; i < n; i++) {
      kernels[i] = on[i] ? CpuKernels.gaussianKernel(((ImageSteps.Blur) stage[i]).sigma()) : new float[] {1};
      radius = Math.max(radius, kernels[i].length / 2);
    }
    if (radius == 0) {
      return x;
    }
    int taps = 2 * radius + 1;
    float[] wts = new float[n * taps];
    for (int i = 0; i < n; i++) {
      int r = kernels[i].length / 2;
      for (int t = -r; t <= r; t++) {
        wts[i * taps + radius + t] = kernels[i][t + r];
      }
    }
    NDArray weights = manager.create(wts, new Shape(n, taps));
    NDArray out = blurAxis(x, weights, radius, 3);
    out = blurAxis(out, weights, radius, 2);
    return select(on, out, x);
  }

  /** {@code x} with its first and last slices along {@code axis} (2 or 3) repeated {@code r} times outward. */
  private static NDArray replicatePad(NDArray x, int r, int axis) {
    if (r == 0) {
      return x;
    }
    int len = (int) x.getShape().get(axis);
    NDIndex first = axis == 3 ? new NDIndex(":, :, :, 0:1") : new NDIndex(":, :, 0:1, :");
    NDIndex last = axis == 3
        ? new NDIndex(":, :, :, " + (len - 1) + ":" + len)
        : new NDIndex(":, :, " + (len - 1) + ":" + len + ", :");
    return NDArrays.concat(new NDList(x.get(first).repeat(axis, r), x, x.get(last).repeat(axis, r)), axis);
  }

  private NDArray blurAxis(NDArray x, NDArray weights, int radius, int axis) {
    int n = (int) x.getShape().get(0);
    int len = (int) x.getShape().get(axis);
    NDArray padded = replicatePad(x, radius, axis);
    NDArray out = null;
    for (int t = 0; t < 2 * radius + 1; t++) {
      NDIndex window = axis == 3
          ? new NDIndex(":, :, :, " + t + ":" + (t + len))
          : new NDIndex(":, :, " + t + ":" + (t + len) + ", :");
      NDArray wt = weights.get(":, " + t).reshape(n, 1, 1, 1);
      NDArray term = padded.get(window).mul(wt);
      out = out == null ? term : out.add(term);
    }
    return out;
  }

  private Arrays3 mix(NDArray x, NDArray y, NDArray mask, Partners partners) {
    int n = (int) x.getShape().get(0), h = (int) x.getShape().get(2), w = (int) x.getShape().get(3);
    for (int round = 0; round < partners.row().length; round++) {
      float[] lam = new float[n];
      float[] weight = new float[n];
      boolean[] on = new boolean[n];
      boolean[] mixupOn = new boolean[n];
      float[] cutBoxes = new float[n * 4];
      for (int i = 0; i < n; i++) {
        if (round < mixes.get(i).size()) {
          ImageSteps.Mix m = mixes.get(i).get(round);
          on[i] = true;
          mixupOn[i] = !m.cutmix();
          lam[i] = (float) m.lambda();
          weight[i] = (float) CpuKernels.mixWeight(m, w, h);
          if (m.cutmix()) {
            int[] b = CpuKernels.cutBox(m, w, h);
            for (int k = 0; k < 4; k++) {
              cutBoxes[i * 4 + k] = b[k];
            }
          }
        }
      }
      NDArray idx = manager.create(Arrays.stream(partners.row()[round]).asLongStream().toArray());
      NDArray other = partners.images().get(idx);
      NDArray l = manager.create(lam, new Shape(n, 1, 1, 1));
      NDArray out = select(mixupOn, x.mul(l).add(other.mul(l.neg().add(1f))), x);
      NDArray inside = rectMask(cutBoxes, n, h, w);
      x = NDArrays.where(inside.broadcast(x.getShape()), other, out);
      if (mask != null && partners.masks() != null) {
        // A pasted region brings its segmentation with it; mixup cannot blend class ids and keeps the own mask.
        mask = NDArrays.where(inside, partners.masks().get(idx), mask);
      }
      if (y != null) {
        NDArray wt = manager.create(weight, new Shape(n, 1));
        NDArray mixedY = y.mul(wt).add(partners.labels().get(idx).mul(wt.neg().add(1f)));
        NDArray cond = manager.create(on, new Shape(n, 1)).broadcast(y.getShape());
        y = NDArrays.where(cond, mixedY, y);
      }
    }
    return new Arrays3(x, y, mask);
  }
}
