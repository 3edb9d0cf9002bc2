package dev.datamgmt.augment.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.SampleContext;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.audio.AudioSteps;
import dev.datamgmt.augment.audio.SpectrogramScale;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.geometry.SegmentationMask;
import dev.datamgmt.augment.geometry.Targets;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.image.MixPartnerSource;
import dev.datamgmt.augment.internal.audio.AudioKernels;
import dev.datamgmt.augment.internal.djl.BatchIndices;
import dev.datamgmt.augment.djl.BatchTransform;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.UncheckedDataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Augments a batch of images on the device: input {@code (N, C, H, W)} (C = 1 or 3, float32 on the [0, 1]
 * scale or uint8), output float32 {@code (N, C, H', W')} attached to the input's manager. Sample {@code i} is
 * augmented with the parameters of ({@code epoch}, {@code indices[i]}), exactly as the CPU backend would.
 *
 * <pre>{@code
 * DeviceAugmenter aug = DeviceAugmenter.of(Pipeline.builder().setSeed(7)
 *     .add(ImageOps.horizontalFlip(0.5)).add(ImageOps.shift(0.1)).build());
 * NDArray augmented = aug.apply(batch.getData().head(), epoch, indices);
 * }</pre>
 *
 * <p>Stateless and thread-safe. All temporaries live in a sub-manager that is closed before the call returns,
 * so a stream of batches holds nothing beyond the input and output of the current call.
 */
public final class DeviceAugmenter {
  private final Pipeline pipeline;
  private final BoxPolicy policy;
  private final MixPartnerSource partners;
  private final SpectrogramScale spectrogramScale;
  private final float floatMax;

  private DeviceAugmenter(Pipeline pipeline, BoxPolicy policy, MixPartnerSource partners,
      SpectrogramScale spectrogramScale, float floatMax) {
    this.floatMax = floatMax;
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.partners = partners;
    this.spectrogramScale = Objects.requireNonNull(spectrogramScale, "spectrogramScale");
  }

  /**
   * An augmenter for {@code pipeline}, with {@link BoxPolicy#DEFAULT}, in-batch mix partners and spectrograms
   * of powers.
   */
  public static DeviceAugmenter of(Pipeline pipeline) {
    return new DeviceAugmenter(pipeline, BoxPolicy.DEFAULT, null, SpectrogramScale.POWER, 1f);
  }

  /** A copy with another box policy (what happens to boxes pushed outside). */
  public DeviceAugmenter withBoxPolicy(BoxPolicy newPolicy) {
    return new DeviceAugmenter(pipeline, newPolicy, partners, spectrogramScale, floatMax);
  }

  /** A copy that takes spectrogram values to be on {@code scale} (what a gain does to them; default POWER). */
  public DeviceAugmenter withSpectrogramScale(SpectrogramScale scale) {
    return new DeviceAugmenter(pipeline, policy, partners, scale, floatMax);
  }

  /**
   * A copy that draws mixup/cutmix partners from {@code source} by dataset index (see {@link MixPartnerSource}),
   * so mixed samples do not depend on the batch; {@code null} restores in-batch partners (batch-dependent).
   * Partners are read on the host, uploaded and augmented with their own parameters; their images must have
   * the batch's channel count and size.
   */
  public DeviceAugmenter withMixPartners(MixPartnerSource source) {
    return new DeviceAugmenter(pipeline, policy, source, spectrogramScale, floatMax);
  }

  /**
   * A copy that reads float32 image batches as values in {@code [0, max]} (e.g. 255 for float images that were
   * never divided) and divides them by {@code max} on the way in; the output is on the {@code [0, 1]} scale, as
   * for uint8 input. By default {@code max} is 1. A float batch with a value outside {@code [0, max]} is refused
   * with an {@link InvalidDataException} rather than clamped (0–255 floats used to come out white); normalize
   * after augmenting, not before.
   *
   * @throws IllegalArgumentException if {@code max} is not a finite positive number
   */
  public DeviceAugmenter withFloatRange(double max) {
    if (!(max > 0 && max < Float.MAX_VALUE)) {
      throw new IllegalArgumentException("float range max must be finite and > 0: " + max);
    }
    return new DeviceAugmenter(pipeline, policy, partners, spectrogramScale, (float) max);
  }

  /** The largest float pixel value accepted ({@link #withFloatRange}); 1 by default. */
  public double floatRangeMax() {
    return floatMax;
  }

  /** The pipeline. */
  public Pipeline pipeline() {
    return pipeline;
  }

  /**
   * Augments a batch.
   *
   * @param batch {@code (N, C, H, W)}, float32 in [0, 1] or uint8
   * @param epoch the epoch
   * @param indices the dataset index of each sample, length N
   * @return a new float32 array on the batch's manager
   * @throws InvalidDataException if the batch has the wrong rank, channel count, type, size or NaN values
   */
  public NDArray apply(NDArray batch, long epoch, long[] indices) throws InvalidDataException {
    return replay(batch, params(batch, epoch, indices));
  }

  /**
   * This augmenter as the per-batch DJL hook: {@link #apply} on the first array of a batch's data, other arrays
   * passed through, bad input thrown as {@link dev.datamgmt.core.error.UncheckedDataException}; its
   * {@link BatchTransform#describe()} is the pipeline's JSON. E.g. {@code loop.optBatchTransform(aug.asBatchTransform())},
   * or in a DJL loop of your own {@code batch = aug.asBatchTransform().applyTo(batch, epoch)}.
   */
  public BatchTransform asBatchTransform() {
    String description = pipeline.toJson();
    return new BatchTransform() {
      @Override
      public NDList apply(NDList data, int epoch, long[] sampleIndices) {
        try {
          NDList out = new NDList(data.size());
          out.add(DeviceAugmenter.this.apply(data.head(), epoch, sampleIndices));
          for (int i = 1; i < data.size(); i++) {
            out.add(data.get(i));
          }
          return out;
        } catch (InvalidDataException e) {
          throw new UncheckedDataException(e);
        }
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }

  /**
   * For segmentation: a new DJL batch whose first data array (images {@code (N, C, H, W)}) and first label array
   * (masks {@code (N, H, W)}) are augmented together, keyed by the batch's record indices, the masks moved by the
   * same geometry with nearest-neighbour sampling (see {@link DeviceBatch}); other arrays unchanged. Closing it
   * closes the original batch's manager.
   *
   * @throws InvalidDataException if the batch carries no record indices, or its images or masks are malformed
   */
  public Batch applySegmentation(Batch batch, int epoch) throws InvalidDataException {
    NDList data = batch.getData(), labels = batch.getLabels();
    if (labels == null || labels.isEmpty()) {
      throw new InvalidDataException("segmentation batch has no masks", "DJL batch", "masks (N, H, W) as labels",
          "no labels");
    }
    DeviceBatch out = apply(DeviceBatch.builder().setImages(data.head()).optMasks(labels.head()).build(), epoch,
        BatchIndices.of(batch));
    NDList newData = new NDList(data.size());
    newData.add(out.images());
    for (int i = 1; i < data.size(); i++) {
      newData.add(data.get(i));
    }
    NDList newLabels = new NDList(labels.size());
    newLabels.add(out.masks());
    for (int i = 1; i < labels.size(); i++) {
      newLabels.add(labels.get(i));
    }
    return new Batch(batch.getManager(), newData, newLabels, batch.getSize(), null, null,
        batch.getProgress(), batch.getProgressTotal(), batch.getIndices());
  }

  /**
   * For detection: a new DJL batch whose first data array (images {@code (N, C, H, W)}) is augmented and whose
   * first label array, boxes in DJL's padded layout {@code (N, M, 5)} float32 rows {@code [class, x1, y1, x2, y2]}
   * (in {@code format}; rows with a negative class are padding), moves with it, keyed by the batch's record
   * indices. Boxes the {@link BoxPolicy} drops become padding rows ({@code [-1, 0, 0, 0, 0]}) after the kept
   * ones, so the shape stays {@code (N, M, 5)}. Other arrays are unchanged. Closing it closes the original batch's
   * manager.
   *
   * @throws InvalidDataException if the batch carries no record indices, or its images or boxes are malformed
   */
  public Batch applyDetection(Batch batch, int epoch, BoxFormat format) throws InvalidDataException {
    return applyDetection(batch, epoch, format, -1);
  }

  /**
   * {@link #applyDetection(Batch, int, BoxFormat)} that also moves keypoints: label array {@code keypointLabel}
   * is {@code (N, K, 3)} float32 rows {@code [x, y, visibility]} in pixels (visibility as in core's
   * {@code Keypoint}: 0 not labeled, 1 occluded, 2 visible); keypoints that leave the image become not labeled.
   *
   * @param keypointLabel the index of the keypoint array among the batch's labels, or -1 for none
   */
  public Batch applyDetection(Batch batch, int epoch, BoxFormat format, int keypointLabel)
      throws InvalidDataException {
    Objects.requireNonNull(format, "format");
    NDList data = batch.getData(), labels = batch.getLabels();
    if (labels == null || labels.isEmpty()) {
      throw new InvalidDataException("detection batch has no boxes", "DJL batch",
          "boxes (N, M, 5) [class, x1, y1, x2, y2] as the first label array", "no labels");
    }
    if (keypointLabel == 0 || keypointLabel >= labels.size() || keypointLabel < -1) {
      throw new IllegalArgumentException("keypointLabel must be -1 or in [1, " + (labels.size() - 1) + "]: "
          + keypointLabel);
    }
    long n = data.head().getShape().get(0);
    NDArray boxArray = labels.head();
    Shape bs = boxArray.getShape();
    if (bs.dimension() != 3 || bs.get(0) != n || bs.get(2) != 5) {
      throw new InvalidDataException("boxes have the wrong shape", "DJL batch labels[0]",
          "(" + n + ", M, 5) rows [class, x1, y1, x2, y2]", bs.toString());
    }
    int m = (int) bs.get(1);
    float[] b = boxArray.toType(DataType.FLOAT32, false).toFloatArray();
    List<List<Box>> boxes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Box> one = new ArrayList<>();
      for (int j = 0; j < m; j++) {
        int o = (i * m + j) * 5;
        if (b[o] >= 0) {
          try {
            one.add(new Box(b[o + 1], b[o + 2], b[o + 3], b[o + 4], Math.round(b[o])));
          } catch (IllegalArgumentException e) {
            throw new InvalidDataException("malformed box", "DJL batch labels[0] sample " + i + " row " + j,
                "x1 <= x2, y1 <= y2, finite", e.getMessage());
          }
        }
      }
      boxes.add(one);
    }
    DeviceBatch.Builder in = DeviceBatch.builder().setImages(data.head()).optBoxes(boxes, format);
    int k = 0;
    if (keypointLabel > 0) {
      Shape ks = labels.get(keypointLabel).getShape();
      if (ks.dimension() != 3 || ks.get(0) != n || ks.get(2) != 3) {
        throw new InvalidDataException("keypoints have the wrong shape", "DJL batch labels[" + keypointLabel + "]",
            "(" + n + ", K, 3) rows [x, y, visibility]", ks.toString());
      }
      k = (int) ks.get(1);
      float[] kp = labels.get(keypointLabel).toType(DataType.FLOAT32, false).toFloatArray();
      List<List<Keypoint>> kps = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        List<Keypoint> one = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
          int o = (i * k + j) * 3;
          one.add(new Keypoint(kp[o], kp[o + 1], Math.round(kp[o + 2])));
        }
        kps.add(one);
      }
      in.optKeypoints(kps);
    }
    DeviceBatch out = apply(in.build(), epoch, BatchIndices.of(batch));
    NDManager owner = data.head().getManager();
    float[] nb = new float[(int) n * m * 5];
    for (int i = 0; i < n; i++) {
      List<Box> one = out.boxes().get(i);
      for (int j = 0; j < m; j++) {
        int o = (i * m + j) * 5;
        if (j < one.size()) {
          Box x = one.get(j);
          nb[o] = x.classIndex();
          nb[o + 1] = (float) x.x1();
          nb[o + 2] = (float) x.y1();
          nb[o + 3] = (float) x.x2();
          nb[o + 4] = (float) x.y2();
        } else {
          nb[o] = -1;
        }
      }
    }
    NDList newData = new NDList(data.size());
    newData.add(out.images());
    for (int i = 1; i < data.size(); i++) {
      newData.add(data.get(i));
    }
    NDList newLabels = new NDList(labels.size());
    newLabels.add(owner.create(nb, new Shape(n, m, 5)));
    for (int i = 1; i < labels.size(); i++) {
      if (i == keypointLabel) {
        float[] nk = new float[(int) n * k * 3];
        for (int s = 0; s < n; s++) {
          List<Keypoint> one = out.keypoints().get(s);
          for (int j = 0; j < k; j++) {
            int o = (s * k + j) * 3;
            nk[o] = (float) one.get(j).x();
            nk[o + 1] = (float) one.get(j).y();
            nk[o + 2] = one.get(j).visibility();
          }
        }
        newLabels.add(owner.create(nk, new Shape(n, k, 3)));
      } else {
        newLabels.add(labels.get(i));
      }
    }
    return new Batch(batch.getManager(), newData, newLabels, batch.getSize(), null, null,
        batch.getProgress(), batch.getProgressTotal(), batch.getIndices());
  }

  /** The parameters {@link #apply} draws for this batch (record them to replay later). */
  public List<AugmentParams> params(NDArray batch, long epoch, long[] indices) throws InvalidDataException {
    Shape s = check(batch, indices == null ? -1 : indices.length, -1);
    int n = (int) s.get(0);
    List<AugmentParams> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(pipeline.sample(epoch, indices[i], new SampleContext((int) s.get(3), (int) s.get(2), n)));
    }
    return out;
  }

  /** Re-runs recorded parameters (one per sample) on a batch. */
  public NDArray replay(NDArray batch, List<AugmentParams> params) throws InvalidDataException {
    return replayWithLabels(batch, null, params).head();
  }

  /**
   * Augments a batch and its soft labels {@code (N, K)} (float32); mixup and cutmix mix the labels too.
   *
   * @return {@code [images, labels]} on the batch's manager
   */
  public NDList applyWithLabels(NDArray batch, NDArray labels, long epoch, long[] indices)
      throws InvalidDataException {
    return replayWithLabels(batch, labels, params(batch, epoch, indices));
  }

  /** Re-runs recorded parameters on a batch and its labels ({@code labels} may be null). */
  public NDList replayWithLabels(NDArray batch, NDArray labels, List<AugmentParams> params)
      throws InvalidDataException {
    DeviceBatch out = replay(DeviceBatch.builder().setImages(batch).optLabels(labels).build(), params);
    return labels == null ? new NDList(out.images()) : new NDList(out.images(), out.labels());
  }

  /**
   * Augments a batch with its targets: images, labels and masks on the device; boxes and keypoints on the host
   * through the CPU backend's geometry code with the same per-sample plan, so they come out exactly as the CPU
   * backend's. Masks move with nearest-neighbour sampling (pixels from outside get 0) and keep their type.
   *
   * @return the augmented batch; its arrays are attached to the images' manager
   * @throws InvalidDataException if the images, labels, masks, boxes or keypoints are malformed
   */
  public DeviceBatch apply(DeviceBatch batch, long epoch, long[] indices) throws InvalidDataException {
    return replay(batch, params(batch, epoch, indices));
  }

  /**
   * The parameters {@link #apply(DeviceBatch, long, long[])} draws: like {@link #params(NDArray, long, long[])},
   * with each sample's boxes known to object-aware crops, as on the CPU backend.
   */
  public List<AugmentParams> params(DeviceBatch batch, long epoch, long[] indices) throws InvalidDataException {
    if (batch.boxes() == null) {
      return params(batch.images(), epoch, indices);
    }
    Shape s = check(batch.images(), indices == null ? -1 : indices.length, -1);
    int n = (int) s.get(0), h = (int) s.get(2), w = (int) s.get(3);
    List<AugmentParams> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<Box> px = ImageSample.toPixel(batch.boxes().get(i), batch.boxFormat(), w, h);
      out.add(pipeline.sample(epoch, indices[i], new SampleContext(w, h, n, px)));
    }
    return out;
  }

  /** Re-runs recorded parameters (one per sample) on a batch with targets; see {@link #apply(DeviceBatch, long, long[])}. */
  public DeviceBatch replay(DeviceBatch batch, List<AugmentParams> params) throws InvalidDataException {
    NDArray images = batch.images(), labels = batch.labels(), masks = batch.masks();
    Shape s = check(images, params.size(), floatMax);
    int n = (int) s.get(0), c = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3);
    for (int i = 0; i < n; i++) {
      params.get(i).checkSize("sample at batch position " + i, w, h);
    }
    if (labels != null && (labels.getShape().dimension() != 2 || labels.getShape().get(0) != n)) {
      throw new InvalidDataException(
          "labels have the wrong shape", "label batch", "(" + n + ", K)", labels.getShape().toString());
    }
    if (masks != null && !masks.getShape().equals(new Shape(n, h, w))) {
      throw new InvalidDataException("mask size differs from image size", "mask batch",
          "(" + n + ", " + h + ", " + w + ")", masks.getShape().toString());
    }
    for (int i = 0; i < n; i++) {
      if (batch.instanceMasks() != null) {
        ImageSample.of("sample at batch position " + i, Raster.ofFloat(1, h, w, new float[h * w]))
            .withBoxes(batch.boxes().get(i), batch.boxFormat())
            .withInstanceMasks(batch.instanceMasks().get(i)).validate();
      }
      Targets.validate("sample at batch position " + i,
          batch.boxes() == null ? List.of() : batch.boxes().get(i), batch.boxFormat(),
          batch.keypoints() == null ? List.of() : batch.keypoints().get(i), batch.keypointFlipIndex(), w, h);
    }
    NDManager owner = images.getManager();
    try (NDManager sub = owner.newSubManager()) {
      images.tempAttach(sub);
      if (labels != null) {
        labels.tempAttach(sub);
      }
      if (masks != null) {
        masks.tempAttach(sub);
      }
      BatchExecutor ex = new BatchExecutor(sub, params, w, h);
      BatchExecutor.Partners p = null;
      if (partners != null && ex.maxRounds() > 0) {
        p = partnersFromSource(sub, ex, params, c, h, w, labels, masks != null);
      }
      NDArray in = floatMax != 1f && images.getDataType() == DataType.FLOAT32 ? images.div(floatMax) : images;
      BatchExecutor.Arrays3 r = ex.run(in, labels, masks, p);
      DeviceBatch.Builder out = batch.toBuilder().setImages(r.images()).optLabels(r.labels());
      r.images().attach(owner);
      if (r.labels() != null) {
        r.labels().attach(owner);
      }
      if (masks != null) {
        Shape os = r.images().getShape();
        NDArray m = r.masks().reshape(n, os.get(2), os.get(3)).toType(masks.getDataType(), false);
        m.attach(owner);
        out.optMasks(m);
      }
      List<List<Step>> plans = ex.plans();
      if (batch.boxes() != null) {
        List<List<Box>> boxes = new ArrayList<>(n);
        List<List<SegmentationMask>> instances = batch.instanceMasks() == null ? null : new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          Targets.MovedBoxes moved =
              Targets.moveBoxes(batch.boxes().get(i), batch.boxFormat(), w, h, plans.get(i), policy);
          boxes.add(moved.boxes());
          if (instances != null) {
            List<SegmentationMask> kept = new ArrayList<>(moved.sourceIndex().length);
            for (int k : moved.sourceIndex()) {
              kept.add(Targets.mask(batch.instanceMasks().get(i).get(k), plans.get(i)));
            }
            instances.add(kept);
          }
        }
        out.optBoxes(boxes, batch.boxFormat());
        if (instances != null) {
          out.optInstanceMasks(instances);
        }
      }
      if (batch.keypoints() != null) {
        List<List<Keypoint>> kps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          kps.add(Targets.keypoints(batch.keypoints().get(i), w, h, plans.get(i), batch.keypointFlipIndex()));
        }
        out.optKeypoints(kps);
      }
      return out.build();
    }
  }

  /**
   * Reads the mix partners of this batch from the partner source, uploads them and runs their own per-sample
   * parameters (same epoch, their dataset index) on them, so they are exactly what the CPU backend mixes in.
   */
  private BatchExecutor.Partners partnersFromSource(NDManager sub, BatchExecutor ex, List<AugmentParams> params,
      int c, int h, int w, NDArray labels, boolean masks) throws InvalidDataException {
    int n = params.size();
    int rounds = ex.maxRounds();
    int[][] rows = new int[rounds][n];
    java.util.LinkedHashMap<Long, Integer> rowOf = new java.util.LinkedHashMap<>();
    List<AugmentParams> partnerParams = new ArrayList<>();
    List<ImageSample> samples = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < n; i++) {
        List<ImageSteps.Mix> mix = ex.mixes().get(i);
        if (round >= mix.size()) {
          continue;
        }
        long j = MixPartnerSource.partnerIndex(mix.get(round), partners.size());
        Integer row = rowOf.get(j);
        if (row == null) {
          String where = "mix partner " + j + " of sample at batch position " + i;
          ImageSample ps = partners.get(j);
          ps.validate();
          Raster im = ps.image();
          if (im.channels() != c || im.height() != h || im.width() != w) {
            throw new InvalidDataException("mix partner has another shape", where,
                c + "x" + h + "x" + w + " (channels x height x width)",
                im.channels() + "x" + im.height() + "x" + im.width());
          }
          if (labels != null && (ps.label() == null || ps.label().length != labels.getShape().get(1))) {
            throw new InvalidDataException("mix partner label is missing or has another length", where,
                labels.getShape().get(1) + " classes", ps.label() == null ? "no label" : ps.label().length + " classes");
          }
          if (masks && ps.mask() == null) {
            throw new InvalidDataException("mix partner has no mask", where, "a mask like the batch's", "none");
          }
          row = samples.size();
          rowOf.put(j, row);
          samples.add(ps);
          partnerParams.add(pipeline.sample(params.get(i).epoch(), j, new SampleContext(w, h, 1, ps.pixelBoxes())));
        }
        rows[round][i] = row;
      }
    }
    int p = samples.size(), per = c * h * w;
    float[] px = new float[p * per];
    float[] py = labels == null ? null : new float[p * (int) labels.getShape().get(1)];
    float[] pm = masks ? new float[p * h * w] : null;
    for (int k = 0; k < p; k++) {
      ImageSample ps = samples.get(k);
      System.arraycopy(ps.image().toFloatChw(), 0, px, k * per, per);
      if (py != null) {
        float[] l = ps.label();
        System.arraycopy(l, 0, py, k * l.length, l.length);
      }
      if (pm != null) {
        int[] cls = ps.mask().toArray();
        for (int q = 0; q < cls.length; q++) {
          pm[k * h * w + q] = cls[q];
        }
      }
    }
    NDArray pImages = sub.create(px, new Shape(p, c, h, w));
    NDArray pLabels = py == null ? null : sub.create(py, new Shape(p, labels.getShape().get(1)));
    NDArray pMasks = pm == null ? null : sub.create(pm, new Shape(p, h, w));
    BatchExecutor.Arrays3 aug = new BatchExecutor(sub, partnerParams, w, h).runPerSample(pImages, pLabels, pMasks);
    return new BatchExecutor.Partners(aug.images(), aug.labels(), aug.masks(), rows);
  }

  /**
   * Applies the pipeline's spectrogram steps (SpecAugment {@code AudioOps.timeMask}, {@code frequencyMask};
   * {@code gain} by the {@link #withSpectrogramScale spectrogram scale}; {@code noise} at an SNR) to a batch of
   * spectrograms {@code (N, F, T)} float32 on the device: sample {@code i} gets the steps of ({@code epoch},
   * {@code indices[i]}) in pipeline order, with the same meaning as
   * {@link dev.datamgmt.augment.audio.AudioAugmenter} (masks cell for cell, gain and noise within float rounding;
   * the noise field is drawn on the host from the step's seed and uploaded).
   *
   * @throws InvalidDataException if the batch is not rank 3 float32, is empty, or has NaN values
   */
  public NDArray applySpectrograms(NDArray specs, long epoch, long[] indices) throws InvalidDataException {
    Shape s = specs.getShape();
    if (s.dimension() != 3 || specs.getDataType() != DataType.FLOAT32 || s.size() == 0) {
      throw new InvalidDataException("spectrogram batch has the wrong shape or type", "spectrogram batch",
          "non-empty float32 (N, F, T)", specs.getDataType() + " " + s);
    }
    int n = (int) s.get(0), bins = (int) s.get(1), frames = (int) s.get(2);
    if (indices.length != n) {
      throw new InvalidDataException("indices do not match the batch", "spectrogram batch", n + " sample indices",
          indices.length + "");
    }
    List<List<Step>> plans = audioPlans(epoch, indices, st -> st instanceof AudioSteps.TimeMask
        || st instanceof AudioSteps.FrequencyMask || st instanceof AudioSteps.Gain || st instanceof AudioSteps.Noise,
        "does not apply to a spectrogram batch");
    return staged(specs, "spectrogram batch", plans, (sub, x, stage) -> spectrogramStage(sub, x, stage, n, bins, frames));
  }

  /** One stage of an audio batch: the same kind of step for some samples ({@code null} for the others). */
  private interface AudioStage {
    NDArray apply(NDManager sub, NDArray x, Step[] stage);
  }

  /** Each sample's steps for ({@code epoch}, {@code indices[i]}); a step the batch kind cannot take is an error. */
  private List<List<Step>> audioPlans(long epoch, long[] indices, java.util.function.Predicate<Step> allowed,
      String rejection) {
    List<List<Step>> plans = new ArrayList<>(indices.length);
    for (long index : indices) {
      List<Step> steps = pipeline.sample(epoch, index).steps();
      for (Step st : steps) {
        if (!allowed.test(st)) {
          throw new IllegalArgumentException("step " + st + " " + rejection);
        }
      }
      plans.add(steps);
    }
    return plans;
  }

  /**
   * Runs per-sample plans over a batch, staged like the image batches: each stage runs one kind of step for
   * every sample whose next step has that kind, identity for the others, so per-sample orders are kept.
   * Temporaries live in a sub-manager; the result is attached to the input's manager.
   */
  private static NDArray staged(NDArray input, String what, List<List<Step>> plans, AudioStage run)
      throws InvalidDataException {
    int n = plans.size();
    NDManager owner = input.getManager();
    try (NDManager sub = owner.newSubManager()) {
      input.tempAttach(sub);
      if (input.isNaN().any().getBoolean()) {
        throw new InvalidDataException("non-finite value", what, "finite values", "NaN");
      }
      NDArray x = input;
      int[] next = new int[n];
      while (true) {
        int lead = -1;
        for (int i = 0; i < n && lead < 0; i++) {
          lead = next[i] < plans.get(i).size() ? i : -1;
        }
        if (lead < 0) {
          break;
        }
        Class<?> kind = plans.get(lead).get(next[lead]).getClass();
        Step[] stage = new Step[n];
        for (int i = 0; i < n; i++) {
          if (next[i] < plans.get(i).size() && plans.get(i).get(next[i]).getClass() == kind) {
            stage[i] = plans.get(i).get(next[i]++);
          }
        }
        x = run.apply(sub, x, stage);
      }
      NDArray out = x == input ? input.duplicate() : x;
      out.attach(owner);
      return out;
    }
  }

  /**
   * Noise at each sample's SNR: sigma from the sample's own mean square (on the device), the unit field drawn on
   * the host from the step's seed and uploaded; samples without a noise step get none.
   */
  private static NDArray noiseStage(NDManager sub, NDArray x, Step[] stage) {
    int n = stage.length;
    int per = Math.toIntExact(x.size() / n);
    float[] z = new float[n * per];
    float[] snr = new float[n];
    for (int i = 0; i < n; i++) {
      if (stage[i] != null) {
        AudioSteps.Noise nz = (AudioSteps.Noise) stage[i];
        System.arraycopy(AudioKernels.noiseField(nz.seed(), per), 0, z, i * per, per);
        snr[i] = (float) Math.pow(10, nz.snrDb() / 10);
      } else {
        snr[i] = 1f;
      }
    }
    NDArray meanSquare = x.square().reshape(n, per).mean(new int[] {1}, true);
    NDArray sigma = meanSquare.div(sub.create(snr, new Shape(n, 1))).sqrt();
    return x.add(sub.create(z, new Shape(n, per)).mul(sigma).reshape(x.getShape()));
  }

  /**
   * Applies the pipeline's length-preserving waveform steps ({@code AudioOps.gain}, {@code noise} at an SNR,
   * {@code shift}) to a batch of waveforms {@code (N, T)} float32 on the device, sample {@code i} with the steps
   * of ({@code epoch}, {@code indices[i]}) in pipeline order, with the meaning of
   * {@link dev.datamgmt.augment.audio.AudioAugmenter} (shifts sample for sample, gain and noise within float
   * rounding; the noise field is drawn on the host from the step's seed and uploaded). Speed, time stretch and
   * inserted silence change a waveform's length, so a fixed-shape batch cannot hold their output: they are
   * rejected here and run on the CPU backend.
   *
   * @throws InvalidDataException if the batch is not rank 2 float32, is empty, or has NaN values
   */
  public NDArray applyWaveforms(NDArray waves, long epoch, long[] indices) throws InvalidDataException {
    Shape s = waves.getShape();
    if (s.dimension() != 2 || waves.getDataType() != DataType.FLOAT32 || s.size() == 0) {
      throw new InvalidDataException("waveform batch has the wrong shape or type", "waveform batch",
          "non-empty float32 (N, T)", waves.getDataType() + " " + s);
    }
    int n = (int) s.get(0), len = (int) s.get(1);
    if (indices.length != n) {
      throw new InvalidDataException("indices do not match the batch", "waveform batch", n + " sample indices",
          indices.length + "");
    }
    List<List<Step>> plans = audioPlans(epoch, indices, st -> st instanceof AudioSteps.Gain
        || st instanceof AudioSteps.Noise || st instanceof AudioSteps.Shift,
        "changes a waveform's length or does not apply to waveforms; run it with AudioAugmenter on the CPU");
    return staged(waves, "waveform batch", plans, (sub, x, stage) -> waveformStage(sub, x, stage, n, len));
  }

  private static NDArray waveformStage(NDManager sub, NDArray x, Step[] stage, int n, int len) {
    Step first = java.util.Arrays.stream(stage).filter(Objects::nonNull).findFirst().orElseThrow();
    if (first instanceof AudioSteps.Gain) {
      float[] f = new float[n];
      for (int i = 0; i < n; i++) {
        f[i] = stage[i] == null ? 1f : (float) Math.pow(10, ((AudioSteps.Gain) stage[i]).db() / 20);
      }
      return x.mul(sub.create(f, new Shape(n, 1)));
    }
    if (first instanceof AudioSteps.Shift) {
      // out[i, t] = x[i, t - k_i], rolled or zero-filled: one gather with per-sample source indices
      long[] src = new long[n * len];
      boolean[] keep = new boolean[n * len];
      for (int i = 0; i < n; i++) {
        AudioSteps.Shift sh = (AudioSteps.Shift) stage[i];
        int k = sh == null ? 0 : (int) Math.round(sh.fraction() * len);
        for (int t = 0; t < len; t++) {
          int from = t - k;
          boolean inside = from >= 0 && from < len;
          boolean roll = sh != null && sh.roll();
          src[i * len + t] = roll ? Math.floorMod(from, len) : inside ? from : 0;
          keep[i * len + t] = roll || inside;
        }
      }
      NDArray moved = x.gather(sub.create(src, new Shape(n, len)), 1);
      return ai.djl.ndarray.NDArrays.where(sub.create(keep, new Shape(n, len)), moved,
          sub.zeros(x.getShape(), DataType.FLOAT32));
    }
    return noiseStage(sub, x, stage);
  }

  private NDArray spectrogramStage(NDManager sub, NDArray x, Step[] stage, int n, int bins, int frames) {
    Step first = java.util.Arrays.stream(stage).filter(Objects::nonNull).findFirst().orElseThrow();
    if (first instanceof AudioSteps.TimeMask || first instanceof AudioSteps.FrequencyMask) {
      boolean time = first instanceof AudioSteps.TimeMask;
      int len = time ? frames : bins;
      boolean[] cells = new boolean[n * len];
      for (int i = 0; i < n; i++) {
        if (stage[i] != null) {
          int[] r = time
              ? AudioKernels.maskRange(((AudioSteps.TimeMask) stage[i]).start(),
                  ((AudioSteps.TimeMask) stage[i]).width(), frames)
              : AudioKernels.maskRange(((AudioSteps.FrequencyMask) stage[i]).start(),
                  ((AudioSteps.FrequencyMask) stage[i]).width(), bins);
          java.util.Arrays.fill(cells, i * len + r[0], i * len + r[1], true);
        }
      }
      NDArray m = sub.create(cells, time ? new Shape(n, 1, frames) : new Shape(n, bins, 1)).broadcast(x.getShape());
      return ai.djl.ndarray.NDArrays.where(m, sub.zeros(x.getShape(), DataType.FLOAT32), x);
    }
    if (first instanceof AudioSteps.Gain) {
      boolean add = spectrogramScale == SpectrogramScale.DECIBEL;
      float[] f = new float[n];
      for (int i = 0; i < n; i++) {
        f[i] = stage[i] == null ? (add ? 0f : 1f)
            : AudioKernels.gainFactor((AudioSteps.Gain) stage[i], spectrogramScale);
      }
      NDArray g = sub.create(f, new Shape(n, 1, 1));
      return add ? x.add(g) : x.mul(g);
    }
    return noiseStage(sub, x, stage);
  }

  /** Checks an image batch; {@code floatMax < 0} skips the value range check (drawing parameters needs none). */
  private static Shape check(NDArray batch, int expectedN, float floatMax) throws InvalidDataException {
    Objects.requireNonNull(batch, "batch");
    Shape s = batch.getShape();
    if (s.dimension() != 4) {
      throw new InvalidDataException("batch has the wrong rank", "image batch", "rank 4 (N, C, H, W)",
          "rank " + s.dimension() + " " + s);
    }
    if (s.get(1) != 1 && s.get(1) != 3) {
      throw new InvalidDataException("batch has the wrong channel count", "image batch", "C = 1 or 3 in (N, C, H, W)",
          "C = " + s.get(1) + " in " + s);
    }
    if (s.get(0) == 0 || s.get(2) == 0 || s.get(3) == 0) {
      throw new InvalidDataException("empty batch or image", "image batch", "N, H, W > 0", s.toString());
    }
    DataType t = batch.getDataType();
    if (t != DataType.FLOAT32 && t != DataType.UINT8) {
      throw new InvalidDataException("batch has the wrong type", "image batch", "float32 or uint8", t.toString());
    }
    if (expectedN >= 0 && s.get(0) != expectedN) {
      throw new InvalidDataException("indices do not match the batch", "image batch",
          s.get(0) + " sample indices", expectedN + "");
    }
    if (t == DataType.FLOAT32) {
      NDManager owner = batch.getManager();
      try (NDManager sub = owner.newSubManager()) {
        batch.tempAttach(sub);
        NDArray nan = batch.isNaN();
        if (nan.any().getBoolean()) {
          float[] counts = nan.toType(DataType.FLOAT32, false).sum(new int[] {1, 2, 3}).toFloatArray();
          for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
              throw new InvalidDataException("non-finite pixel", "sample at batch position " + i,
                  "finite float pixels", (int) counts[i] + " NaN values");
            }
          }
        }
        if (floatMax > 0) {
          NDArray flat = batch.reshape(s.get(0), -1);
          float[] lo = flat.min(new int[] {1}).toFloatArray();
          float[] hi = flat.max(new int[] {1}).toFloatArray();
          for (int i = 0; i < lo.length; i++) {
            if (!(lo[i] >= 0f && hi[i] <= floatMax)) {
              throw new InvalidDataException("float pixel outside the declared range", "sample at batch position " + i,
                  "float32 values in [0, " + floatMax + "] (declare another range with withFloatRange(max), "
                      + "e.g. 255; normalize after augmenting)",
                  "values in [" + lo[i] + ", " + hi[i] + "]");
            }
          }
        }
      }
    }
    return s;
  }
}
