package dev.datamgmt.augment.cpu;

import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.geometry.SegmentationMask;
import dev.datamgmt.augment.geometry.Targets;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.internal.cpu.RowDemand;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The mosaic of {@link ImageSteps.Mosaic}: four samples of one size meet at a centre point, each cut by its corner
 * (the YOLO way, no resampling), with their boxes, instance masks and segmentation masks. Package-private.
 */
final class Mosaics {
  private Mosaics() {}

  /** The centre's pixel coordinate on a side of {@code size} pixels: inside, at least one pixel from each edge. */
  private static int centre(double fraction, int size) {
    return (int) Math.max(1, Math.min(size - 1, Math.round(fraction * size)));
  }

  /**
   * Which pixels of each per-sample result the batch's mosaics read, when every sample's only mix is one mosaic
   * with partners of the batch (or it has no mix: then its own result is its output, all of it): quadrant 0 shows
   * its sample's bottom-right corner, quadrants 1, 2 and 3 their partners' bottom-left, top-right and top-left
   * corners. {@code null} when anything else reads the results (other mixes, partners from a source, samples of
   * other sizes: then every pixel is computed, and the mosaic reports the sizes as before).
   *
   * @param sizes each sample's size after its per-sample steps, {@code {width, height}}
   * @param partner the batch position a partner draw {@code u} picks, as the mix's partner lookup does
   */
  static RowDemand[] demands(List<List<Step>> steps, int[][] sizes, java.util.function.DoubleToIntFunction partner) {
    int n = steps.size();
    RowDemand[] out = new RowDemand[n];
    for (int i = 0; i < n; i++) {
      out[i] = new RowDemand(sizes[i][0], sizes[i][1]);
    }
    for (int i = 0; i < n; i++) {
      ImageSteps.Mosaic mosaic = null;
      int mixes = 0;
      for (Step s : steps.get(i)) {
        if (s instanceof ImageSteps.Mix || s instanceof ImageSteps.CopyPaste) {
          return null;
        }
        if (s instanceof ImageSteps.Mosaic mo) {
          mosaic = mo;
          mixes++;
        }
      }
      if (mixes > 1) {
        return null;
      }
      if (mosaic == null) {
        out[i].addAll();
        continue;
      }
      int w = sizes[i][0], h = sizes[i][1];
      int[] src = {i, partner.applyAsInt(mosaic.partners().get(0)), partner.applyAsInt(mosaic.partners().get(1)),
          partner.applyAsInt(mosaic.partners().get(2))};
      for (int q : src) {
        if (sizes[q][0] != w || sizes[q][1] != h) {
          return null;
        }
      }
      int cx = centre(mosaic.cx(), w), cy = centre(mosaic.cy(), h);
      out[src[0]].addSuffix(h - cy, h, w - cx);
      out[src[1]].addPrefix(h - cy, h, w - cx);
      out[src[2]].addSuffix(0, h - cy, w - cx);
      out[src[3]].addPrefix(0, h - cy, w - cx);
    }
    return out;
  }

  /**
   * The mosaic of {@code self} (top left) and {@code parts} (top right, bottom left, bottom right).
   *
   * @throws InvalidDataException if a part has another shape, or masks are present for some parts only
   */
  static ImageSample apply(ImageSample self, ImageSample[] parts, ImageSteps.Mosaic m, BoxPolicy policy)
      throws InvalidDataException {
    Raster a = self.image();
    int c = a.channels(), h = a.height(), w = a.width(), plane = h * w;
    ImageSample[] src = {self, parts[0], parts[1], parts[2]};
    for (ImageSample p : parts) {
      Raster b = p.image();
      if (b.channels() != c || b.height() != h || b.width() != w) {
        throw new InvalidDataException("mosaic partner has another shape", "sample " + self.id() + " with " + p.id(),
            a.toString(), b.toString());
      }
      if ((self.mask() == null) != (p.mask() == null)) {
        throw new InvalidDataException("mosaic partner differs in having a segmentation mask",
            "sample " + self.id() + " with " + p.id(), "masks on all four samples or on none",
            (self.mask() == null ? "none on " + self.id() : "none on " + p.id()));
      }
    }
    int cx = centre(m.cx(), w), cy = centre(m.cy(), h);
    // Quadrant q covers [x0, x1) x [y0, y1) of the output and shows source q shifted by (dx, dy).
    int[][] quad = {
      {0, 0, cx, cy, cx - w, cy - h}, {cx, 0, w, cy, cx, cy - h}, {0, cy, cx, h, cx - w, cy}, {cx, cy, w, h, cx, cy}};
    // All uint8 (the usual case): bytes are copied as they are; otherwise everything goes through floats.
    boolean bytes = true;
    for (ImageSample q : src) {
      bytes &= q.image().pixelType() == Raster.PixelType.UINT8;
    }
    byte[] xb = bytes ? new byte[c * plane] : null;
    float[] x = bytes ? null : new float[c * plane];
    int[] mask = self.mask() == null ? null : new int[plane];
    float[] label = self.label() == null ? null : new float[self.label().length];
    boolean instances = false;
    for (ImageSample s : src) {
      instances |= !s.instanceMasks().isEmpty();
    }
    List<Box> boxes = new ArrayList<>();
    List<SegmentationMask> instanceMasks = new ArrayList<>();
    for (int q = 0; q < 4; q++) {
      int[] r = quad[q];
      Object y = bytes ? src[q].image().uint8Array() : src[q].image().toFloatChw();
      for (int ch = 0; ch < c; ch++) {
        for (int yy = r[1]; yy < r[3]; yy++) {
          System.arraycopy(y, ch * plane + (yy - r[5]) * w + r[0] - r[4], bytes ? xb : x, ch * plane + yy * w + r[0],
              r[2] - r[0]);
        }
      }
      if (mask != null) {
        int[] seg = src[q].mask().toArray();
        for (int yy = r[1]; yy < r[3]; yy++) {
          System.arraycopy(seg, (yy - r[5]) * w + r[0] - r[4], mask, yy * w + r[0], r[2] - r[0]);
        }
      }
      if (label != null) {
        float[] l = src[q].label();
        if (l == null || l.length != label.length) {
          throw new InvalidDataException("mosaic partner label differs", "sample " + self.id() + " with "
              + src[q].id(), label.length + " classes", l == null ? "no label" : l.length + " classes");
        }
        double share = (r[2] - r[0]) * (double) (r[3] - r[1]) / plane;
        for (int k = 0; k < label.length; k++) {
          label[k] += (float) (share * l[k]);
        }
      }
      List<Box> pixel = src[q].pixelBoxes();
      if (instances && !pixel.isEmpty() && src[q].instanceMasks().size() != pixel.size()) {
        throw new InvalidDataException("mosaic partner has no instance masks", "sample " + src[q].id(),
            "one instance mask per box, as the other samples of the mosaic have",
            src[q].instanceMasks().size() + " masks for " + pixel.size() + " boxes");
      }
      for (int k = 0; k < pixel.size(); k++) {
        Box b = pixel.get(k);
        double[] full = {b.x1() + r[4], b.y1() + r[5], b.x2() + r[4], b.y2() + r[5]};
        double[] cut = {Math.max(full[0], r[0]), Math.max(full[1], r[1]), Math.min(full[2], r[2]),
            Math.min(full[3], r[3])};
        double area = Math.max(0, full[2] - full[0]) * Math.max(0, full[3] - full[1]);
        if (cut[2] < cut[0] || cut[3] < cut[1]) {
          continue;
        }
        double visible = area > 0 ? (cut[2] - cut[0]) * (cut[3] - cut[1]) / area : 1;
        double[] kept = policy.clip() ? cut : full;
        if (visible < policy.minVisibility() || (area > 0 && visible == 0)
            || !policy.keepsSize(kept[2] - kept[0], kept[3] - kept[1])) {
          continue;
        }
        boxes.add(self.boxFormat() == BoxFormat.NORMALIZED_XYXY
            ? new Box(kept[0] / w, kept[1] / h, kept[2] / w, kept[3] / h, b.classIndex())
            : new Box(kept[0], kept[1], kept[2], kept[3], b.classIndex()));
        if (instances) {
          instanceMasks.add(Targets.shiftMask(src[q].instanceMasks().get(k), r[4], r[5], r[0], r[1], r[2], r[3], w, h));
        }
      }
    }
    List<Keypoint> kps = new ArrayList<>(self.keypoints().size());
    for (Keypoint k : self.keypoints()) {
      double kx = k.x() + quad[0][4], ky = k.y() + quad[0][5];
      boolean inside = kx >= 0 && kx < cx && ky >= 0 && ky < cy;
      kps.add(new Keypoint(kx, ky, inside ? k.visibility() : Keypoint.NOT_LABELED));
    }
    Raster img = bytes ? Raster.wrapUint8(c, h, w, xb)
        : ImageExecutor.raster(a.pixelType() == Raster.PixelType.UINT8, c, h, w, x);
    ImageSample out = self.withImage(img).withBoxes(boxes, self.boxFormat()).withKeypoints(kps).withLabel(label);
    if (instances) {
      out = out.withInstanceMasks(instanceMasks);
    }
    return mask == null ? out : out.withMask(SegmentationMask.of(w, h, mask));
  }
}
