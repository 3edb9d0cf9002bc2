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
import dev.datamgmt.augment.cpu.CpuKernels;
import dev.datamgmt.augment.geometry.GridMap;
import dev.datamgmt.augment.geometry.Homography;
import dev.datamgmt.augment.image.ImagePlan;
import dev.datamgmt.augment.image.ImageSteps;
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
  private final NDManager manager;
  private final List<AugmentParams> params;

  BatchExecutor(NDManager manager, List<AugmentParams> params) {
    this.manager = manager;
    this.params = params;
  }

  NDList run(NDArray batch, NDArray labels) throws InvalidDataException {
    Shape s = batch.getShape();
    int n = (int) s.get(0), c = (int) s.get(1);
    int h = (int) s.get(2), w = (int) s.get(3);
    // Float input is used as is (every step makes new arrays); the result is copied only if nothing ran.
    NDArray x = batch.getDataType() == DataType.UINT8 ? batch.toType(DataType.FLOAT32, false).div(255f) : batch;
    List<List<Step>> plans = new ArrayList<>(n);
    List<List<ImageSteps.Mix>> mixes = new ArrayList<>(n);
    for (AugmentParams p : params) {
      List<Step> perSample = new ArrayList<>();
      List<ImageSteps.Mix> mix = new ArrayList<>();
      for (Step st : p.steps()) {
        if (st instanceof ImageSteps.Mix m) {
          mix.add(m);
        } else if (st.getClass().getEnclosingClass() == ImageSteps.class) {
          perSample.add(st);
        } else {
          throw new IllegalArgumentException("step " + st + " is not an image step; the device backend runs images");
        }
      }
      plans.add(ImagePlan.of(perSample, w, h));
      mixes.add(mix);
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
      for (int i = 0; i < n; i++) {
        if (next[i] < plans.get(i).size() && kind(plans.get(i).get(next[i])).equals(kind)) {
          stage[i] = plans.get(i).get(next[i]);
          next[i]++;
        }
      }
      x = runStage(x, stage, n, c);
      h = (int) x.getShape().get(2);
      w = (int) x.getShape().get(3);
    }
    NDArray y = labels == null ? null : labels.toType(DataType.FLOAT32, false);
    boolean anyMix = mixes.stream().anyMatch(m -> !m.isEmpty());
    if (anyMix) {
      NDArray[] xy = mix(x, y, mixes, n, h, w);
      x = xy[0];
      y = xy[1];
    }
    if (x == batch) {
      x = batch.duplicate();
    }
    if (y != null && y == labels) {
      y = labels.duplicate();
    }
    return y == null ? new NDList(x) : new NDList(x, y);
  }

  private static String kind(Step s) {
    if (s instanceof ImageSteps.Warp warp) {
      return "warp/" + warp.interpolation() + "/" + warp.fill() + "/" + warp.outWidth() + "x" + warp.outHeight();
    }
    if (s instanceof ImageSteps.GridWarp g) {
      return "grid/" + g.interpolation() + "/" + g.fill();
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
      double[] inv = new double[n * 9];
      for (int i = 0; i < n; i++) {
        double[] m = on[i] ? Homography.invert(((ImageSteps.Warp) stage[i]).matrix()) : Homography.identity();
        System.arraycopy(m, 0, inv, i * 9, 9);
      }
      return warp(x, inv, oh, ow, warp.interpolation() == Interpolation.BILINEAR, (float) warp.fill());
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
    if (first instanceof ImageSteps.Jpeg) {
      // JPEG is an entropy coder, not array arithmetic: it runs on the host with the CPU kernel.
      NDList parts = new NDList(n);
      for (int i = 0; i < n; i++) {
        NDArray xi = x.get(i);
        if (on[i]) {
          float[] out = CpuKernels.jpeg(xi.toFloatArray(), c, h, w, ((ImageSteps.Jpeg) stage[i]).quality());
          xi = manager.create(out, new Shape(c, h, w));
        }
        parts.add(xi);
      }
      return NDArrays.stack(parts, 0);
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
  private NDArray warp(NDArray x, double[] inv, int oh, int ow, boolean bilinear, float fill) {
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
    return sample(x, sx, sy, oh, ow, bilinear, fill);
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

  private NDArray blurAxis(NDArray x, NDArray weights, int radius, int axis) {
    Shape s = x.getShape();
    int n = (int) s.get(0);
    int len = (int) s.get(axis);
    NDIndex firstIdx = axis == 3 ? new NDIndex(":, :, :, 0:1") : new NDIndex(":, :, 0:1, :");
    NDIndex lastIdx = axis == 3
        ? new NDIndex(":, :, :, " + (len - 1) + ":" + len)
        : new NDIndex(":, :, " + (len - 1) + ":" + len + ", :");
    NDArray left = x.get(firstIdx).repeat(axis, radius);
    NDArray right = x.get(lastIdx).repeat(axis, radius);
    NDArray padded = NDArrays.concat(new NDList(left, x, right), axis);
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

  private NDArray[] mix(NDArray x, NDArray y, List<List<ImageSteps.Mix>> mixes, int n, int h, int w) {
    NDArray base = x;
    NDArray baseY = y;
    for (int round = 0; ; round++) {
      boolean any = false;
      int[] partner = new int[n];
      float[] lam = new float[n];
      float[] weight = new float[n];
      boolean[] cut = new boolean[n];
      boolean[] on = new boolean[n];
      float[] box = new float[n * 4];
      for (int i = 0; i < n; i++) {
        partner[i] = i;
        if (round < mixes.get(i).size()) {
          ImageSteps.Mix m = mixes.get(i).get(round);
          any = true;
          on[i] = true;
          partner[i] = Math.min(n - 1, (int) Math.floor(m.partner() * n));
          lam[i] = (float) m.lambda();
          weight[i] = (float) CpuKernels.mixWeight(m, w, h);
          cut[i] = m.cutmix();
          if (m.cutmix()) {
            int[] b = CpuKernels.cutBox(m, w, h);
            for (int k = 0; k < 4; k++) {
              box[i * 4 + k] = b[k];
            }
          }
        }
      }
      if (!any) {
        return new NDArray[] {x, y};
      }
      NDArray idx = manager.create(Arrays.stream(partner).asLongStream().toArray());
      NDArray other = base.get(idx);
      boolean[] mixupOn = new boolean[n];
      boolean[] cutOn = new boolean[n];
      float[] boxOnlyCut = new float[n * 4];
      for (int i = 0; i < n; i++) {
        mixupOn[i] = on[i] && !cut[i];
        cutOn[i] = on[i] && cut[i];
        if (cutOn[i]) {
          System.arraycopy(box, i * 4, boxOnlyCut, i * 4, 4);
        }
      }
      NDArray l = manager.create(lam, new Shape(n, 1, 1, 1));
      NDArray mixed = x.mul(l).add(other.mul(l.neg().add(1f)));
      NDArray out = select(mixupOn, mixed, x);
      NDArray inside = rectMask(boxOnlyCut, n, h, w).broadcast(x.getShape());
      out = NDArrays.where(inside, other, out);
      x = out;
      if (y != null) {
        NDArray wt = manager.create(weight, new Shape(n, 1));
        NDArray otherY = baseY.get(idx);
        NDArray mixedY = y.mul(wt).add(otherY.mul(wt.neg().add(1f)));
        NDArray cond = manager.create(on, new Shape(n, 1)).broadcast(y.getShape());
        y = NDArrays.where(cond, mixedY, y);
      }
    }
  }
}
