package dev.datamgmt.augment.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.core.error.InvalidDataException;
import java.io.IOException;

/**
 * A DJL dataset that augments the records of another: the first data array of record {@code i} ({@code (C, H, W)})
 * is augmented with the parameters of (seed, current epoch, {@code i}). Call {@link #setEpoch} at the start of
 * each epoch; within an epoch a record always gets the same augmentation, whatever the sampler, batch size or
 * prefetching.
 *
 * <pre>{@code
 * AugmentedDataset train = AugmentedDataset.builder()
 *     .setSource(mnist).setPipeline(pipeline).setSampling(32, true).build();
 * train.setEpoch(epoch);
 * }</pre>
 */
public final class AugmentedDataset extends RandomAccessDataset {
  private final RandomAccessDataset source;
  private final DeviceAugmenter augmenter;
  private volatile long epoch;

  private AugmentedDataset(Builder b) {
    super(b);
    this.source = b.source;
    this.augmenter = DeviceAugmenter.of(b.pipeline);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Sets the epoch whose parameters subsequent reads use. */
  public void setEpoch(long epoch) {
    this.epoch = epoch;
  }

  /** The current epoch. */
  public long epoch() {
    return epoch;
  }

  /**
   * Reads record {@code index} from the source and augments its first data array.
   *
   * @throws IOException if the source fails, or (wrapping {@link InvalidDataException}) if the image is malformed
   */
  @Override
  public Record get(NDManager manager, long index) throws IOException {
    Record r = source.get(manager, index);
    NDList data = r.getData();
    NDArray image = data.head();
    NDArray out;
    try (NDArray batch = image.expandDims(0)) {
      NDArray aug = augmenter.apply(batch, epoch, new long[] {index});
      out = aug.squeeze(0);
      aug.close();
    } catch (InvalidDataException e) {
      throw new IOException("record " + index + ": " + e.getMessage(), e);
    }
    NDList newData = new NDList(data.size());
    newData.add(out);
    for (int i = 1; i < data.size(); i++) {
      newData.add(data.get(i));
    }
    // The source's array is left alone: it may be cached or shared by the source; it lives on the caller's manager.
    return new Record(newData, r.getLabels());
  }

  @Override
  protected long availableSize() {
    return source.size();
  }

  @Override
  public void prepare(Progress progress) throws IOException, ai.djl.translate.TranslateException {
    source.prepare(progress);
  }

  /** Builds an {@link AugmentedDataset}: {@code setSource} and {@code setPipeline} required, plus DJL's sampling. */
  public static final class Builder extends BaseBuilder<Builder> {
    private RandomAccessDataset source;
    private Pipeline pipeline;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The dataset whose records are augmented (required). */
    public Builder setSource(RandomAccessDataset source) {
      this.source = source;
      return this;
    }

    /** The pipeline (required). */
    public Builder setPipeline(Pipeline pipeline) {
      this.pipeline = pipeline;
      return this;
    }

    /** Builds the dataset. */
    public AugmentedDataset build() {
      if (source == null) {
        throw new IllegalStateException("source dataset was not set: call setSource(RandomAccessDataset)");
      }
      if (pipeline == null) {
        throw new IllegalStateException("pipeline was not set: call setPipeline(Pipeline)");
      }
      if (sampler == null) {
        throw new IllegalStateException("sampling was not set: call setSampling(batchSize, shuffle)");
      }
      return new AugmentedDataset(this);
    }
  }
}
