package dev.datamgmt.augment.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.SampleContext;
import dev.datamgmt.core.error.InvalidDataException;
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

  private DeviceAugmenter(Pipeline pipeline) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
  }

  /** An augmenter for {@code pipeline}. */
  public static DeviceAugmenter of(Pipeline pipeline) {
    return new DeviceAugmenter(pipeline);
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
   * {@link #apply} on the first array of a batch's data, other arrays passed through, with bad input thrown as
   * {@link dev.datamgmt.core.error.UncheckedDataException}: the shape of a per-batch hook in a training loop,
   * e.g. {@code loop.optAugmentation(augmenter::applyData)}.
   */
  public NDList applyData(NDList data, long epoch, long[] indices) {
    try {
      NDList out = new NDList(data.size());
      out.add(apply(data.head(), epoch, indices));
      for (int i = 1; i < data.size(); i++) {
        out.add(data.get(i));
      }
      return out;
    } catch (InvalidDataException e) {
      throw new dev.datamgmt.core.error.UncheckedDataException(e);
    }
  }

  /** The parameters {@link #apply} draws for this batch (record them to replay later). */
  public List<AugmentParams> params(NDArray batch, long epoch, long[] indices) throws InvalidDataException {
    Shape s = check(batch, indices == null ? -1 : indices.length);
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
    Shape s = check(batch, params.size());
    if (labels != null && (labels.getShape().dimension() != 2 || labels.getShape().get(0) != s.get(0))) {
      throw new InvalidDataException(
          "labels have the wrong shape", "label batch", "(" + s.get(0) + ", K)", labels.getShape().toString());
    }
    NDManager owner = batch.getManager();
    try (NDManager sub = owner.newSubManager()) {
      batch.tempAttach(sub);
      if (labels != null) {
        labels.tempAttach(sub);
      }
      NDList result = new BatchExecutor(sub, params).run(batch, labels);
      result.attach(owner);
      return result;
    }
  }

  /**
   * Applies the pipeline's SpecAugment masks ({@code AudioOps.timeMask}, {@code frequencyMask}) to a batch of
   * spectrograms {@code (N, F, T)} float32, on the device: sample {@code i} gets the masks of ({@code epoch},
   * {@code indices[i]}), the same cells {@link dev.datamgmt.augment.audio.AudioAugmenter} masks.
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
    boolean[] time = new boolean[n * frames], freq = new boolean[n * bins];
    for (int i = 0; i < n; i++) {
      for (dev.datamgmt.augment.Step st : pipeline.sample(epoch, indices[i]).steps()) {
        if (st instanceof dev.datamgmt.augment.audio.AudioSteps.TimeMask tm) {
          int[] r = dev.datamgmt.augment.audio.AudioAugmenter.maskRange(tm.start(), tm.width(), frames);
          java.util.Arrays.fill(time, i * frames + r[0], i * frames + r[1], true);
        } else if (st instanceof dev.datamgmt.augment.audio.AudioSteps.FrequencyMask fm) {
          int[] r = dev.datamgmt.augment.audio.AudioAugmenter.maskRange(fm.start(), fm.width(), bins);
          java.util.Arrays.fill(freq, i * bins + r[0], i * bins + r[1], true);
        } else {
          throw new IllegalArgumentException("step " + st + " does not apply to a spectrogram batch");
        }
      }
    }
    NDManager owner = specs.getManager();
    try (NDManager sub = owner.newSubManager()) {
      specs.tempAttach(sub);
      if (specs.isNaN().any().getBoolean()) {
        throw new InvalidDataException("non-finite value", "spectrogram batch", "finite values", "NaN");
      }
      NDArray tm = sub.create(time, new Shape(n, 1, frames));
      NDArray fm = sub.create(freq, new Shape(n, bins, 1));
      NDArray masked = tm.logicalOr(fm).broadcast(s);
      NDArray out = ai.djl.ndarray.NDArrays.where(masked, sub.zeros(s, DataType.FLOAT32), specs);
      out.attach(owner);
      return out;
    }
  }

  private static Shape check(NDArray batch, int expectedN) throws InvalidDataException {
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
      }
    }
    return s;
  }
}
