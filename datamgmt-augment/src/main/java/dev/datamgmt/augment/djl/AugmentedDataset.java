package dev.datamgmt.augment.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.UncheckedDataException;
import java.io.IOException;

/**
 * A DJL dataset that applies a {@link BatchTransform} to the records of another, one record at a time: record
 * {@code i}'s data arrays get a batch dimension of 1 and are transformed with (current epoch, {@code i}). Call
 * {@link #setEpoch} at the start of each epoch; within an epoch a record always gets the same result, whatever the
 * sampler, batch size or prefetching. Prefer applying the transform to whole batches ({@link
 * BatchTransform#applyTo}) when the source can batch first: it runs once per batch on the device.
 *
 * <pre>{@code
 * AugmentedDataset train = AugmentedDataset.builder()
 *     .setSource(mnist).setTransform(DeviceAugmenter.of(pipeline).asBatchTransform())
 *     .setSampling(32, true).build();
 * train.setEpoch(epoch);
 * }</pre>
 */
public final class AugmentedDataset extends RandomAccessDataset {
  private final RandomAccessDataset source;
  private final BatchTransform transform;
  private volatile int epoch;

  private AugmentedDataset(Builder b) {
    super(b);
    this.source = b.source;
    this.transform = b.transform;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Sets the epoch whose parameters subsequent reads use. */
  public void setEpoch(int epoch) {
    this.epoch = epoch;
  }

  /** The current epoch. */
  public int epoch() {
    return epoch;
  }

  /** The transform, whose {@link BatchTransform#describe()} belongs in a model's lineage. */
  public BatchTransform transform() {
    return transform;
  }

  /**
   * Reads record {@code index} from the source and transforms its data arrays (labels unchanged).
   *
   * @throws IOException if the source fails, or (wrapping {@link InvalidDataException}) if the data is malformed
   */
  @Override
  public Record get(NDManager manager, long index) throws IOException {
    Record r = source.get(manager, index);
    NDList data = r.getData();
    NDList one = new NDList(data.size());
    for (NDArray a : data) {
      one.add(a.expandDims(0));
    }
    NDList out;
    try {
      out = transform.apply(one, epoch, new long[] {index});
    } catch (UncheckedDataException e) {
      one.close();
      throw new IOException("record " + index + ": " + e.getCause().getMessage(), e.getCause());
    }
    NDList newData = new NDList(out.size());
    for (NDArray a : out) {
      newData.add(a.squeeze(0));
    }
    // The source's arrays are left alone: they may be cached or shared by the source; they live on the caller's
    // manager. The batch-of-one views and results are freed here.
    one.close();
    out.close();
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

  /** Builds an {@link AugmentedDataset}: {@code setSource} and {@code setTransform} required, plus DJL's sampling. */
  public static final class Builder extends BaseBuilder<Builder> {
    private RandomAccessDataset source;
    private BatchTransform transform;

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

    /** The transform applied to each record (required), e.g. {@code DeviceAugmenter.of(p).asBatchTransform()}. */
    public Builder setTransform(BatchTransform transform) {
      this.transform = transform;
      return this;
    }

    /** Builds the dataset. */
    public AugmentedDataset build() {
      if (source == null) {
        throw new IllegalStateException("source dataset was not set: call setSource(RandomAccessDataset)");
      }
      if (transform == null) {
        throw new IllegalStateException("transform was not set: call setTransform(BatchTransform)");
      }
      if (sampler == null) {
        throw new IllegalStateException("sampling was not set: call setSampling(batchSize, shuffle)");
      }
      return new AugmentedDataset(this);
    }
  }
}
