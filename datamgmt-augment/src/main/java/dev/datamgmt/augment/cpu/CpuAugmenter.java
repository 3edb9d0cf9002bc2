package dev.datamgmt.augment.cpu;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.SampleContext;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.Image;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pure-Java CPU backend for image pipelines: one sample per task on a fixed pool of threads. Results do
 * not depend on the thread count, because every sample's parameters come from (seed, epoch, index).
 *
 * <pre>{@code
 * try (CpuAugmenter aug = CpuAugmenter.builder().setPipeline(pipeline).optThreads(2).build()) {
 *   List<ImageSample> out = aug.applyBatch(batch, epoch, indices);
 * }
 * }</pre>
 *
 * <p>Batch-level steps (mixup, cutmix) run after the per-sample steps, pairing each sample with a partner of
 * the same batch.
 */
public final class CpuAugmenter implements AutoCloseable {
  private final Pipeline pipeline;
  private final BoxPolicy policy;
  private final int threads;
  private final ExecutorService pool;
  private volatile boolean closed;

  private CpuAugmenter(Builder b) {
    this.pipeline = b.pipeline;
    this.policy = b.policy;
    this.threads = b.threads;
    if (threads > 1) {
      AtomicInteger n = new AtomicInteger();
      this.pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "datamgmt-augment-cpu-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    } else {
      this.pool = null;
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The pipeline this backend runs. */
  public Pipeline pipeline() {
    return pipeline;
  }

  /** The number of worker threads. */
  public int threads() {
    return threads;
  }

  /**
   * Augments one sample with the parameters of ({@code epoch}, {@code index}). Batch-level steps are not
   * allowed here (there is no partner); use {@link #applyBatch}.
   *
   * @throws InvalidDataException if the sample is malformed (names the sample and what was wrong)
   */
  public ImageSample apply(ImageSample sample, long epoch, long index) throws InvalidDataException {
    return replay(sample, sampleParams(sample, epoch, index, 1));
  }

  /** Augments one bare image; see {@link #apply(ImageSample, long, long)}. */
  public Image apply(Image image, long epoch, long index) throws InvalidDataException {
    return apply(ImageSample.of("index " + index, image), epoch, index).image();
  }

  /**
   * Re-runs recorded parameters on a sample; the result is identical to the call that drew them.
   *
   * @throws InvalidDataException if the sample is malformed
   */
  public ImageSample replay(ImageSample sample, AugmentParams params) throws InvalidDataException {
    checkOpen();
    for (Step s : params.steps()) {
      if (s instanceof dev.datamgmt.augment.image.ImageSteps.Mix) {
        throw new IllegalArgumentException(
            "sample " + sample.id() + ": mixup/cutmix need a batch; use applyBatch or replayBatch");
      }
    }
    return ImageExecutor.run(sample, params.steps(), policy);
  }

  /** The parameters sample {@code index} draws in {@code epoch} in a batch of {@code batchSize}. */
  public AugmentParams sampleParams(ImageSample sample, long epoch, long index, int batchSize) {
    return pipeline.sample(
        epoch, index, new SampleContext(sample.image().width(), sample.image().height(), batchSize));
  }

  /**
   * Augments a batch: per-sample steps in parallel, then batch-level mixes.
   *
   * @param batch the samples
   * @param epoch the epoch
   * @param indices the dataset index of each sample (not its batch position)
   * @throws InvalidDataException if a sample is malformed (the first one found, by batch position)
   */
  public List<ImageSample> applyBatch(List<ImageSample> batch, long epoch, long[] indices)
      throws InvalidDataException {
    Objects.requireNonNull(batch, "batch");
    if (indices.length != batch.size()) {
      throw new IllegalArgumentException(
          "indices must have one entry per sample: " + indices.length + " indices for " + batch.size() + " samples");
    }
    List<AugmentParams> params = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      params.add(sampleParams(batch.get(i), epoch, indices[i], batch.size()));
    }
    return replayBatch(batch, params);
  }

  /** Re-runs recorded parameters on a batch (one entry per sample). */
  public List<ImageSample> replayBatch(List<ImageSample> batch, List<AugmentParams> params)
      throws InvalidDataException {
    checkOpen();
    int n = batch.size();
    List<ImageSample> out = new ArrayList<>(n);
    if (pool == null || n == 1) {
      for (int i = 0; i < n; i++) {
        out.add(ImageExecutor.run(batch.get(i), params.get(i).steps(), policy));
      }
    } else {
      // Contiguous chunks, one per thread: fewer tasks than samples keeps scheduling overhead negligible.
      int chunks = Math.min(threads, n);
      List<Future<List<ImageSample>>> futures = new ArrayList<>(chunks);
      for (int t = 0; t < chunks; t++) {
        int from = (int) ((long) n * t / chunks), to = (int) ((long) n * (t + 1) / chunks);
        futures.add(pool.submit(() -> {
          List<ImageSample> part = new ArrayList<>(to - from);
          for (int i = from; i < to; i++) {
            part.add(ImageExecutor.run(batch.get(i), params.get(i).steps(), policy));
          }
          return part;
        }));
      }
      try {
        for (Future<List<ImageSample>> f : futures) {
          out.addAll(f.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while augmenting a batch", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof InvalidDataException ide) {
          throw ide;
        }
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    List<List<Step>> steps = new ArrayList<>(n);
    for (AugmentParams p : params) {
      steps.add(p.steps());
    }
    return ImageExecutor.mix(out, steps);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("CpuAugmenter is closed");
    }
  }

  /** Stops the worker threads; idempotent. */
  @Override
  public void close() {
    closed = true;
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** Builds a {@link CpuAugmenter}: {@code setPipeline} required; threads and box policy optional. */
  public static final class Builder {
    private Pipeline pipeline;
    private int threads = 1;
    private BoxPolicy policy = BoxPolicy.DEFAULT;

    private Builder() {}

    /** The pipeline to run (required). */
    public Builder setPipeline(Pipeline pipeline) {
      this.pipeline = pipeline;
      return this;
    }

    /** Worker threads (default 1: the calling thread does the work). */
    public Builder optThreads(int threads) {
      this.threads = threads;
      return this;
    }

    /** What happens to boxes pushed outside (default {@link BoxPolicy#DEFAULT}). */
    public Builder optBoxPolicy(BoxPolicy policy) {
      this.policy = policy;
      return this;
    }

    /** Builds the augmenter; validates the settings. */
    public CpuAugmenter build() {
      if (pipeline == null) {
        throw new IllegalStateException("pipeline was not set: call setPipeline(Pipeline)");
      }
      if (threads < 1 || threads > 1024) {
        throw new IllegalArgumentException("threads must be in [1, 1024]: " + threads);
      }
      if (policy == null) {
        throw new IllegalArgumentException("box policy must not be null");
      }
      return new CpuAugmenter(this);
    }
  }
}
