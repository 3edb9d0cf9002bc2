package dev.datamgmt.train.selfsup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.djl.BatchTransform;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.UncheckedDataException;
import dev.datamgmt.core.seed.Seeds;

/**
 * V views of every sample of a batch, from one augmentation pipeline with an independent seed per view: the batch
 * {@code (N, C, H, W)} becomes {@code (V*N, C, H', W')}, rows {@code v*N .. v*N+N-1} holding view {@code v} of the N
 * samples in batch order (the layout {@link dev.datamgmt.train.loss.NtXentLoss} expects for V = 2).
 *
 * <pre>{@code
 * ViewBatches views = ViewBatches.of(pipeline, 2);
 * NDArray both = views.apply(batch.getData().head(), epoch, indices);   // in a loop of your own
 * NDArray z = trainer.forward(new NDList(both)).head();                 // (2N, D) embeddings
 * NDArray loss = Losses.ntXent().build().evaluate(new NDList(), new NDList(z));
 *
 * TrainingLoop.builder().setModel(encoder).optUnlabeled()                 // or with the loop
 *     .setTrainingData(images, null).optSampler(Samplers.random(256, 1))
 *     .setInputShape(new Shape(2, 1, 28, 28)).setLoss(Losses.ntXent().build()).setEpochs(50)
 *     .optBatchTransform(views.asBatchTransform())
 *     .build().fit();
 * }</pre>
 *
 * <p>View {@code v} is the pipeline with seed {@code Seeds.derive(pipeline.seed(), v)}, so the parameters of view
 * {@code v} of sample {@code index} in {@code epoch} come from
 * {@code Seeds.random(Seeds.derive(seed, v), epoch, index)}: a function of (seed, epoch, index, view) alone,
 * independent across views and of the batch it is in (FORMAT.md, "Randomness"). Stateless and thread-safe.
 */
public final class ViewBatches {
  private final Pipeline pipeline;
  private final DeviceAugmenter[] views;

  private ViewBatches(Pipeline pipeline, int views) {
    this.pipeline = pipeline;
    this.views = new DeviceAugmenter[views];
    for (int v = 0; v < views; v++) {
      this.views[v] = DeviceAugmenter.of(pipeline.withSeed(viewSeed(pipeline.seed(), v)));
    }
  }

  /**
   * Views of {@code pipeline}, {@code views} of them (2 for SimCLR).
   *
   * @throws IllegalArgumentException if {@code views < 2}
   */
  public static ViewBatches of(Pipeline pipeline, int views) {
    if (views < 2) {
      throw new IllegalArgumentException("views must be >= 2: " + views);
    }
    return new ViewBatches(java.util.Objects.requireNonNull(pipeline, "pipeline"), views);
  }

  /** The pipeline seed of view {@code view}: {@code Seeds.derive(seed, view)}. */
  public static long viewSeed(long seed, int view) {
    return Seeds.derive(seed, view);
  }

  /** The number of views. */
  public int views() {
    return views.length;
  }

  /** The augmenter of view {@code v} (the pipeline with {@link #viewSeed} as its seed). */
  public DeviceAugmenter view(int v) {
    return views[v];
  }

  /**
   * The views of a batch, stacked view after view.
   *
   * @param batch {@code (N, C, H, W)}, float32 in [0, 1] or uint8
   * @param indices each sample's dataset index
   * @return float32 {@code (V*N, C, H', W')} on the batch's manager
   * @throws InvalidDataException if the augmenter rejects the batch (rank, channels, type, NaN)
   */
  public NDArray apply(NDArray batch, long epoch, long[] indices) throws InvalidDataException {
    NDList parts = new NDList(views.length);
    try {
      for (DeviceAugmenter view : views) {
        parts.add(view.apply(batch, epoch, indices));
      }
      return NDArrays.concat(parts, 0);
    } finally {
      parts.close();
    }
  }

  /**
   * The per-batch DJL hook: the first array of a batch's data replaced by its stacked views, other arrays passed
   * through; bad input thrown as {@link UncheckedDataException}. Labels, if any, stay per sample (N rows).
   */
  public BatchTransform asBatchTransform() {
    String description = "{\"views\":" + views.length + ",\"viewSeed\":\"derive(seed, view)\",\"pipeline\":"
        + pipeline.toJson() + "}";
    return new BatchTransform() {
      @Override
      public NDList apply(NDList data, int epoch, long[] sampleIndices) {
        try {
          NDList out = new NDList(data.size());
          out.add(ViewBatches.this.apply(data.head(), epoch, sampleIndices));
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
}
