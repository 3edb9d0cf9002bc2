package dev.datamgmt.augment.cpu;

import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.geometry.SegmentationMask;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Box;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The copy-paste of {@link ImageSteps.CopyPaste} (Ghiasi et al.'s simple copy-paste). Package-private. */
final class CopyPastes {
  private CopyPastes() {}

  private static void requireMasks(ImageSample s, String role) throws InvalidDataException {
    if (!s.boxes().isEmpty() && s.instanceMasks().size() != s.boxes().size()) {
      throw new InvalidDataException("copy-paste needs instance masks", role + " " + s.id(),
          "one instance mask per box", s.instanceMasks().size() + " masks for " + s.boxes().size() + " boxes");
    }
  }

  /**
   * Pastes the chosen instances of {@code other} onto {@code self}: their pixels, boxes and masks are added, the
   * pixels of {@code self}'s instances they cover are taken from those instances (each box shrinks to what is left
   * of its mask, or goes when less than the policy's visibility is left).
   */
  static ImageSample apply(ImageSample self, ImageSample other, ImageSteps.CopyPaste step, BoxPolicy policy)
      throws InvalidDataException {
    Raster a = self.image(), b = other.image();
    int c = a.channels(), h = a.height(), w = a.width(), plane = h * w;
    if (b.channels() != c || b.height() != h || b.width() != w) {
      throw new InvalidDataException("copy-paste partner has another shape", "sample " + self.id() + " with "
          + other.id(), a.toString(), b.toString());
    }
    requireMasks(self, "sample");
    requireMasks(other, "partner");
    SplittableRandom rng = new SplittableRandom(step.seed());
    boolean[] pasted = new boolean[plane];
    List<Box> otherBoxes = other.pixelBoxes();
    List<Box> boxes = new ArrayList<>();
    List<SegmentationMask> masks = new ArrayList<>();
    List<Box> added = new ArrayList<>();
    List<SegmentationMask> addedMasks = new ArrayList<>();
    int covered = 0;
    for (int k = 0; k < otherBoxes.size(); k++) {
      if (rng.nextDouble() >= step.share()) {
        continue;
      }
      SegmentationMask m = other.instanceMasks().get(k);
      for (int i = 0; i < plane; i++) {
        if (m.get(i % w, i / w) != 0 && !pasted[i]) {
          pasted[i] = true;
          covered++;
        }
      }
      added.add(otherBoxes.get(k));
      addedMasks.add(m);
    }
    float[] x = a.toFloatChw(), y = b.toFloatChw();
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < plane; i++) {
        if (pasted[i]) {
          x[ch * plane + i] = y[ch * plane + i];
        }
      }
    }
    List<Box> selfBoxes = self.pixelBoxes();
    for (int k = 0; k < selfBoxes.size(); k++) {
      int[] m = self.instanceMasks().get(k).toArray();
      int before = 0, left = 0, x1 = w, y1 = h, x2 = -1, y2 = -1;
      for (int i = 0; i < plane; i++) {
        if (m[i] != 0) {
          before++;
          if (pasted[i]) {
            m[i] = 0;
          } else {
            left++;
            x1 = Math.min(x1, i % w);
            x2 = Math.max(x2, i % w);
            y1 = Math.min(y1, i / w);
            y2 = Math.max(y2, i / w);
          }
        }
      }
      Box old = selfBoxes.get(k);
      if (before > 0 && (left == 0 || left < policy.minVisibility() * before)) {
        continue;
      }
      // An instance that lost pixels gets the box of what is left; an untouched one keeps its own box.
      Box kept = left == before ? old : new Box(x1, y1, x2 + 1, y2 + 1, old.classIndex());
      if (!policy.keepsSize(kept.x2() - kept.x1(), kept.y2() - kept.y1())) {
        continue;
      }
      boxes.add(kept);
      masks.add(left == before ? self.instanceMasks().get(k) : SegmentationMask.of(w, h, m));
    }
    boxes.addAll(added);
    masks.addAll(addedMasks);
    if (self.boxFormat() == BoxFormat.NORMALIZED_XYXY) {
      List<Box> norm = new ArrayList<>(boxes.size());
      for (Box bx : boxes) {
        norm.add(new Box(bx.x1() / w, bx.y1() / h, bx.x2() / w, bx.y2() / h, bx.classIndex()));
      }
      boxes = norm;
    }
    ImageSample out = self.withImage(ImageExecutor.raster(a.pixelType() == Raster.PixelType.UINT8, c, h, w, x))
        .withBoxes(boxes, self.boxFormat()).withInstanceMasks(masks);
    if (self.mask() != null && other.mask() != null) {
      int[] seg = self.mask().toArray();
      for (int i = 0; i < plane; i++) {
        if (pasted[i]) {
          seg[i] = other.mask().get(i % w, i / w);
        }
      }
      out = out.withMask(SegmentationMask.of(w, h, seg));
    }
    float[] la = self.label(), lb = other.label();
    if (la != null && lb != null && la.length == lb.length) {
      double share = covered / (double) plane;
      float[] l = new float[la.length];
      for (int k = 0; k < l.length; k++) {
        l[k] = (float) ((1 - share) * la[k] + share * lb[k]);
      }
      out = out.withLabel(l);
    }
    return out;
  }
}
