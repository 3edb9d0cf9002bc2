package dev.datamgmt.storage.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.storage.reader.DatasetReader;
import dev.datamgmt.storage.reader.Sample;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A DJL {@link RandomAccessDataset} over a {@link DatasetReader}: index {@code i} is the reader's
 * {@link DatasetReader#get(long) i-th record}, decoded by {@link ImageTensors}. Any DJL
 * {@link ai.djl.training.dataset.Sampler} picks the indices, e.g. the train module's balanced samplers:
 *
 * <pre>{@code
 * ShardRandomAccessDataset ds = ShardRandomAccessDataset.builder()
 *     .setReader(reader)
 *     .setTensors(ImageTensors.builder().setSize(28, 28).build())
 *     .setSampling(classBalancedSampler)
 *     .build();
 * }</pre>
 *
 * <p>Bad records fail the batch with an {@link IOException} whose cause is the {@link DataException} naming
 * shard and record (random access cannot skip without changing what an index means).
 */
public final class ShardRandomAccessDataset extends RandomAccessDataset {
  private final DatasetReader reader;
  private final ImageTensors tensors;

  private ShardRandomAccessDataset(Builder b) {
    super(b);
    this.reader = b.reader;
    this.tensors = b.tensors;
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Record get(NDManager manager, long index) throws IOException {
    try {
      Sample s = reader.get(index);
      byte[] px = new byte[tensors.imageBytes()];
      tensors.decode(s, px, 0);
      NDArray images = tensors.images(manager, px, 1);
      NDArray labels = tensors.labels(manager, List.of(s));
      return new Record(new NDList(images.squeeze(0)), new NDList(labels.squeeze(0)));
    } catch (DataException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  protected long availableSize() {
    return reader.size();
  }

  @Override
  public void prepare(Progress progress) {
    // Shards are fetched on first use and kept in the reader's cache; nothing to download up front.
  }

  /** Configures a {@link ShardRandomAccessDataset}; sampling is set with DJL's {@code setSampling}. */
  public static final class Builder extends BaseBuilder<Builder> {
    private DatasetReader reader;
    private ImageTensors tensors;

    private Builder() {}

    /** The reader to take records from (required). */
    public Builder setReader(DatasetReader reader) {
      this.reader = Objects.requireNonNull(reader, "reader");
      return this;
    }

    /** How images and labels become arrays (required). */
    public Builder setTensors(ImageTensors tensors) {
      this.tensors = Objects.requireNonNull(tensors, "tensors");
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Validates and builds. */
    public ShardRandomAccessDataset build() {
      if (reader == null) {
        throw new IllegalStateException("reader was not set; call setReader");
      }
      if (tensors == null) {
        throw new IllegalStateException("tensors were not set; call setTensors");
      }
      if (getSampler() == null) {
        throw new IllegalStateException("sampling was not set; call setSampling");
      }
      return new ShardRandomAccessDataset(this);
    }
  }
}
