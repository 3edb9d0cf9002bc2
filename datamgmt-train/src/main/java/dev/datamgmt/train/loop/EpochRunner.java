package dev.datamgmt.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.train.loss.PerSampleLoss;
import dev.datamgmt.train.sampler.EpochSampler;
import dev.datamgmt.train.sampler.SampleLossLog;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the training part of one epoch: the sampler's order, the batch hook, forward, loss checks, backward, step,
 * weight averaging, the per-sample loss log and the batch events.
 */
final class EpochRunner {
  private final LoopSettings s;
  private final BatchLabels labels;

  EpochRunner(LoopSettings s, BatchLabels labels) {
    this.s = s;
    this.labels = labels;
  }

  /** What the training part of an epoch did. */
  record Outcome(double trainLoss, long samples, double seconds) {}

  Outcome run(Trainer trainer, int epoch, Loss loss, SampleLossLog log, WeightAverager averager)
      throws InvalidDataException, IOException, TranslateException {
    EpochSampler sampler = s.sampler;
    Iterable<Batch> batches;
    long[] order = null;
    long numBatches = -1;
    if (sampler != null) {
      RandomAccessDataset ds = (RandomAccessDataset) s.trainData;
      sampler.setEpoch(epoch);
      order = sampler.epochOrder(epoch, ds.size());
      int bs = sampler.getBatchSize();
      numBatches = sampler.dropLast() ? order.length / bs : (order.length + bs - 1) / bs;
      batches = ds.getData(trainer.getManager(), sampler);
    } else {
      batches = s.trainData.getData(trainer.getManager());
    }
    for (TrainingLoopListener l : s.listeners) {
      l.onEpochStart(epoch, s.epochs, numBatches);
    }
    long start = System.nanoTime();
    long samples = 0;
    double lossSum = 0;
    int batchNo = 0;
    int pos = 0;
    for (Batch batch : batches) {
      try (batch) {
        NDList data = batch.getData();
        // unlabeled (self-supervised) data: the loss sees no labels, and there are none to check
        NDList batchLabels = s.unlabeled ? new NDList() : batch.getLabels();
        int n = batch.getSize();
        long[] indices = indicesOf(batch, order, pos, n);
        int[] y = s.unlabeled ? null : labels.check(batchLabels.head(), epoch, batchNo, indices);
        if (s.batchTransform != null) {
          data = s.batchTransform.apply(data, epoch, indices);
        }
        // before the engine sees it: its own message would be "mat1 and mat2 shapes cannot be multiplied"
        BatchChecks.checkInput(data.head(), s.inputShape,
            s.batchTransform == null ? "training batch" : "training batch after the batch transform",
            where(epoch, batchNo, indices));
        NDArray lossValue;
        NDArray perSample = null;
        NDList predictions;
        try (GradientCollector gc = trainer.newGradientCollector()) {
          predictions = trainer.forward(data, batchLabels);
          if (!s.unlabeled) {
            BatchChecks.checkPredictions(predictions.head(), n, s.numClasses, where(epoch, batchNo, indices));
          }
          if (log != null && loss instanceof PerSampleLoss p) {
            perSample = p.perSample(batchLabels, predictions);
            lossValue = p.reduce(perSample, batchLabels);
          } else {
            lossValue = loss.evaluate(batchLabels, predictions);
          }
          gc.backward(lossValue);
        }
        float value = lossValue.getFloat();
        if (!Float.isFinite(value)) {
          List<Long> bad = BatchChecks.nonFiniteSamples(data.head(), indices);
          throw new InvalidDataException("non-finite training loss", where(epoch, batchNo, indices),
              "a finite loss", value + (bad.isEmpty() ? " (all inputs finite)"
                  : " (non-finite inputs in samples " + BatchChecks.describe(bad) + ")"));
        }
        trainer.step();
        if (averager != null) {
          averager.afterStep(epoch);
        }
        if (log != null) {
          float[] per = perSample != null ? perSample.toFloatArray() : null;
          int[] predicted = predictions.head().argMax(-1).toType(DataType.INT32, false).toIntArray();
          for (int i = 0; i < n; i++) {
            log.record(indices[i], per != null ? per[i] : value, predicted[i] == y[i]);
          }
        }
        samples += n;
        lossSum += value;
        pos += n;
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingLoopListener.BatchEvent event = new TrainingLoopListener.BatchEvent(epoch, batchNo, numBatches, n,
            value, seconds > 0 ? samples / seconds : 0);
        for (TrainingLoopListener l : s.listeners) {
          l.onBatch(event);
        }
        batchNo++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Outcome(batchNo == 0 ? Double.NaN : lossSum / batchNo, samples, seconds);
  }

  /** The batch's dataset indices: from the sampler's order when there is one, else from the batch (-1 if none). */
  private static long[] indicesOf(Batch batch, long[] order, int pos, int n) {
    if (order != null && pos + n <= order.length) {
      return Arrays.copyOfRange(order, pos, pos + n);
    }
    List<?> idx = batch.getIndices();
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = idx != null && i < idx.size() && idx.get(i) instanceof Number num ? num.longValue() : -1;
    }
    return out;
  }

  private static String where(int epoch, int batchNo, long[] indices) {
    return "epoch " + epoch + ", batch " + batchNo + " (samples " + BatchChecks.describe(indices) + ")";
  }
}
