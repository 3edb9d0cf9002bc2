package dev.datamgmt.augment.cpu;

import dev.datamgmt.augment.AugmentParams;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.SampleContext;
import dev.datamgmt.augment.Step;
import dev.datamgmt.augment.image.ImageSteps;
import dev.datamgmt.augment.geometry.BoxPolicy;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.augment.image.MixPartnerSource;
import dev.datamgmt.augment.internal.cpu.RowDemand;
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
 * <p>Batch-level steps (mixup, cutmix) run after the per-sample steps. With a {@link MixPartnerSource}
 * ({@link Builder#optMixPartners}) the partner is a dataset sample chosen from (seed, epoch, index) alone and
 * augmented with its own parameters, so results do not depend on the batch; without one the partner is a
 * sample of the same batch (chosen by batch position, as timm and torchvision do), so mixed results change
 * with the batch composition.
 */
public final class CpuAugmenter implements AutoCloseable {
  private final Pipeline pipeline;
  private final BoxPolicy policy;
  private final int threads;
  private final ExecutorService pool;
  private final MixPartnerSource partners;
  /** Whether the pipeline can draw a mosaic (then a batch's parameters are drawn before its pixel work). */
  private final boolean mosaics;
  private volatile boolean closed;

  private CpuAugmenter(Builder b) {
    this.pipeline = b.pipeline;
    this.policy = b.policy;
    this.partners = b.partners;
    this.threads = b.threads;
    this.mosaics = hasMosaic(b.pipeline.ops());
    if (threads > 1) {
      AtomicInteger n = new AtomicInteger();
      // The calling thread works too, so the pool needs one thread fewer than the count.
      this.pool = Executors.newFixedThreadPool(threads - 1, r -> {
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

  /** The number of threads that work on a batch, the calling thread included. */
  public int threads() {
    return threads;
  }

  /**
   * Augments one sample with the parameters of ({@code epoch}, {@code index}). Batch-level steps (mixup,
   * cutmix) need a mix partner source ({@link Builder#optMixPartners}) here; without one use {@link #applyBatch}.
   *
   * @throws InvalidDataException if the sample is malformed (names the sample and what was wrong)
   */
  public ImageSample apply(ImageSample sample, long epoch, long index) throws InvalidDataException {
    return replay(sample, sampleParams(sample, epoch, index, 1));
  }

  /** Augments one bare image; see {@link #apply(ImageSample, long, long)}. */
  public Raster apply(Raster image, long epoch, long index) throws InvalidDataException {
    return apply(ImageSample.of("index " + index, image), epoch, index).image();
  }

  /**
   * Re-runs recorded parameters on a sample; the result is identical to the call that drew them.
   *
   * @throws InvalidDataException if the sample is malformed or its image has another size than the one the
   *     parameters were drawn for
   */
  public ImageSample replay(ImageSample sample, AugmentParams params) throws InvalidDataException {
    checkOpen();
    params.checkSize("sample " + sample.id(), sample.image().width(), sample.image().height());
    if (partners == null) {
      for (Step s : params.steps()) {
        if (s instanceof dev.datamgmt.augment.image.ImageSteps.Mix
            || s instanceof dev.datamgmt.augment.image.ImageSteps.Mosaic
            || s instanceof dev.datamgmt.augment.image.ImageSteps.CopyPaste) {
          throw new IllegalArgumentException("sample " + sample.id()
              + ": mixup/cutmix/mosaic/copy-paste need a batch or a mix partner source; use applyBatch or optMixPartners");
        }
      }
    }
    List<ImageSample> one = List.of(ImageExecutor.run(sample, params.steps(), policy));
    return ImageExecutor.mix(one, List.of(params.steps()), partnerLookup(one, List.of(params)), policy).get(0);
  }

  /** The parameters sample {@code index} draws in {@code epoch} in a batch of {@code batchSize}. */
  public AugmentParams sampleParams(ImageSample sample, long epoch, long index, int batchSize) {
    return pipeline.sample(
        epoch, index,
        new SampleContext(sample.image().width(), sample.image().height(), batchSize, sample.pixelBoxes()));
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
    // Drawn by the workers, in parallel with the pixel work: it is per-sample work like any other (except in
    // pipelines with a mosaic, whose batch is drawn first: see run).
    AugmentParams[] params = new AugmentParams[batch.size()];
    return run(batch, i -> params[i] = sampleParams(batch.get(i), epoch, indices[i], batch.size()),
        java.util.Arrays.asList(params));
  }

  /**
   * Re-runs recorded parameters on a batch (one entry per sample).
   *
   * @throws InvalidDataException if a sample is malformed or has another size than its parameters were drawn for
   */
  public List<ImageSample> replayBatch(List<ImageSample> batch, List<AugmentParams> params)
      throws InvalidDataException {
    if (params.size() != batch.size()) {
      throw new IllegalArgumentException(
          "params must have one entry per sample: " + params.size() + " for " + batch.size() + " samples");
    }
    for (int i = 0; i < batch.size(); i++) {
      ImageSample s = batch.get(i);
      params.get(i).checkSize("sample " + s.id() + " at batch position " + i, s.image().width(), s.image().height());
    }
    return run(batch, params::get, params);
  }

  /**
   * Runs a batch: {@code paramsOf.apply(i)} gives sample {@code i}'s parameters (called once per sample, on
   * whichever thread runs it); {@code params} sees them all once the per-sample work is done, for the mixes.
   */
  private List<ImageSample> run(List<ImageSample> batch, java.util.function.IntFunction<AugmentParams> paramsOf,
      List<AugmentParams> params) throws InvalidDataException {
    checkOpen();
    int n = batch.size();
    ImageSample[] done = new ImageSample[n];
    RowDemand[] demands = null;
    java.util.function.IntFunction<AugmentParams> drawn = paramsOf;
    if (mosaics && partners == null && n > 1) {
      // Mosaics read a corner of each sample: with every sample's parameters drawn first, pixel steps run only
      // where some mosaic of the batch reads (the same output; about a third less work for YOLO's mosaic).
      AugmentParams[] all = new AugmentParams[n];
      List<List<Step>> steps = new ArrayList<>(n);
      int[][] sizes = new int[n][];
      for (int i = 0; i < n; i++) {
        all[i] = paramsOf.apply(i);
        steps.add(all[i].steps());
        sizes[i] = ImageExecutor.outputSize(batch.get(i), all[i].steps());
      }
      demands = Mosaics.demands(steps, sizes, u -> batchPartner(u, n));
      drawn = i -> all[i];
    }
    RowDemand[] demand = demands;
    java.util.function.IntFunction<AugmentParams> params0 = drawn;
    SampleTask perSample = i -> ImageExecutor.run(batch.get(i), params0.apply(i).steps(), policy,
        demand == null ? null : demand[i]);
    if (pool == null || n == 1) {
      for (int i = 0; i < n; i++) {
        done[i] = perSample.run(i);
      }
    } else {
      runParallel(n, perSample, done);
    }
    List<ImageSample> out = java.util.Arrays.asList(done);
    List<List<Step>> steps = new ArrayList<>(n);
    boolean mixes = false;
    for (AugmentParams p : params) {
      steps.add(p.steps());
      for (Step st : p.steps()) {
        mixes |= st instanceof ImageSteps.Mix || st instanceof ImageSteps.Mosaic || st instanceof ImageSteps.CopyPaste;
      }
    }
    if (!mixes) {
      return new ArrayList<>(out);
    }
    ImageExecutor.PartnerLookup lookup = partnerLookup(out, params);
    if (pool == null || n == 1 || partners != null) {
      return ImageExecutor.mix(out, steps, lookup, policy);
    }
    // Partners within the batch are the per-sample results, read only: the samples mix on all threads too.
    ImageSample[] mixed = new ImageSample[n];
    runParallel(n, i -> ImageExecutor.mixOne(i, out, steps.get(i), lookup, policy), mixed);
    return java.util.Arrays.asList(mixed);
  }

  /** One sample's work in {@link #runParallel}. */
  private interface SampleTask {
    ImageSample run(int i) throws InvalidDataException;
  }

  /**
   * Runs {@code task} for samples {@code 0..n-1} (their per-sample steps, or their mixes) on the pool and the
   * calling thread, into {@code done}. Samples are handed out one at a time from a shared counter, not in
   * fixed chunks: their costs differ (a flip or a blur comes up for some), and with fixed chunks the thread
   * that drew the dearer half finishes last while the other idles. The counter costs one atomic increment per
   * sample, nothing next to a sample's milliseconds of work; results go to their own slots, so the output order
   * and content do not depend on which thread ran what.
   */
  private void runParallel(int n, SampleTask task, ImageSample[] done) throws InvalidDataException {
    AtomicInteger next = new AtomicInteger();
    Throwable[] errors = new Throwable[n];
    int helpers = Math.min(threads, n) - 1;
    Runnable work = () -> {
      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
        try {
          done[i] = task.run(i);
        } catch (InvalidDataException | RuntimeException | Error e) {
          errors[i] = e;
        }
      }
    };
    List<Future<?>> futures = new ArrayList<>(helpers);
    for (int t = 0; t < helpers; t++) {
      futures.add(pool.submit(work));
    }
    // The calling thread takes samples too: it is already running, while a pool thread first has to wake up.
    work.run();
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while augmenting a batch", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    // The first failure by batch position, whatever thread met it first.
    for (Throwable e : errors) {
      if (e instanceof InvalidDataException ide) {
        throw ide;
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      if (e instanceof Error err) {
        throw err;
      }
    }
  }

  private static boolean hasMosaic(List<dev.datamgmt.augment.Op> ops) {
    for (dev.datamgmt.augment.Op op : ops) {
      if (op instanceof dev.datamgmt.augment.image.ImageOps.Mosaic
          || op instanceof dev.datamgmt.augment.Compose.Sequence sq && hasMosaic(sq.ops())
          || op instanceof dev.datamgmt.augment.Compose.OneOf one && hasMosaic(one.ops())
          || op instanceof dev.datamgmt.augment.Compose.SomeOf some && hasMosaic(some.ops())) {
        return true;
      }
    }
    return false;
  }

  /** The batch position that partner draw {@code u} in {@code [0, 1)} picks in a batch of {@code n}. */
  private static int batchPartner(double u, int n) {
    return Math.min(n - 1, (int) Math.floor(u * n));
  }

  /**
   * The partner of a mix: with a partner source, dataset sample {@code floor(partner * size)} augmented with its
   * own per-sample parameters of the same epoch (cached for the batch); without, a batch position.
   */
  private ImageExecutor.PartnerLookup partnerLookup(List<ImageSample> augmented, List<AugmentParams> params) {
    if (partners == null) {
      int n = augmented.size();
      return (i, u) -> augmented.get(batchPartner(u, n));
    }
    java.util.Map<Long, ImageSample> cache = new java.util.HashMap<>();
    return (i, u) -> {
      long j = MixPartnerSource.partnerIndex(u, partners.size());
      ImageSample hit = cache.get(j);
      if (hit == null) {
        ImageSample raw = partners.get(j);
        AugmentParams pp = pipeline.sample(params.get(i).epoch(), j,
            new SampleContext(raw.image().width(), raw.image().height(), 1, raw.pixelBoxes()));
        hit = ImageExecutor.run(raw, pp.steps(), policy);
        cache.put(j, hit);
      }
      return hit;
    };
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
    private MixPartnerSource partners;

    private Builder() {}

    /**
     * Where mixup/cutmix partners come from (default none: a sample of the same batch, which makes mixed results
     * depend on the batch). See {@link MixPartnerSource}.
     */
    public Builder optMixPartners(MixPartnerSource source) {
      this.partners = source;
      return this;
    }

    /** The pipeline to run (required). */
    public Builder setPipeline(Pipeline pipeline) {
      this.pipeline = pipeline;
      return this;
    }

    /**
     * Threads that work on a batch, the calling thread included (default 1: the calling thread does all the
     * work; {@code n} starts {@code n - 1} pool threads).
     */
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
