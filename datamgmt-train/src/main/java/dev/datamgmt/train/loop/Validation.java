package dev.datamgmt.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.train.metrics.ConfusionMatrix;
import java.io.IOException;
import java.util.List;

/** Evaluates the validation data after an epoch: mean loss and confusion matrix, on the weights handed back. */
final class Validation {
  private final LoopSettings s;
  private final BatchLabels labels;

  Validation(LoopSettings s, BatchLabels labels) {
    this.s = s;
    this.labels = labels;
  }

  /** The batch's dataset indices where the dataset gives them, else -1. */
  private static long[] indicesOf(Batch batch) {
    List<?> idx = batch.getIndices();
    long[] out = new long[batch.getSize()];
    for (int i = 0; i < out.length; i++) {
      out[i] = idx != null && i < idx.size() && idx.get(i) instanceof Number num ? num.longValue() : -1;
    }
    return out;
  }

  /** The outcome of one validation pass. */
  record Outcome(double loss, ConfusionMatrix matrix) {}

  /**
   * Evaluates with {@code loss}; with an averager that holds an average, on the average (the weights the loop will
   * hand back), restoring the trained weights afterwards.
   */
  Outcome run(Trainer trainer, int epoch, Loss loss, WeightAverager averager)
      throws InvalidDataException, IOException, TranslateException {
    NDArray[] trained = averager != null && averager.hasAverage() ? averager.swapIn() : null;
    try {
      ConfusionMatrix cm = new ConfusionMatrix(s.numClasses);
      double sum = 0;
      long count = 0;
      int batchNo = 0;
      for (Batch batch : s.validationData.getData(trainer.getManager())) {
        try (batch) {
          long[] ids = indicesOf(batch);
          String where = "validation data in epoch " + epoch + ", batch " + batchNo + " (samples "
              + BatchChecks.describe(ids) + ")";
          NDArray input = batch.getData().head();
          BatchChecks.checkInput(input, s.inputShape, "validation batch", where);
          // NaN here would reach best-epoch tracking and early stopping as if it were a score
          List<Long> bad = BatchChecks.nonFiniteSamples(input, ids);
          if (!bad.isEmpty()) {
            throw new InvalidDataException("non-finite validation input", where, "finite values",
                "NaN or infinite values in samples " + BatchChecks.describe(bad));
          }
          labels.check(batch.getLabels().head(), epoch, -1, ids);
          NDList predictions = trainer.evaluate(batch.getData());
          BatchChecks.checkPredictions(predictions.head(), batch.getSize(), s.numClasses, where);
          float value = loss.evaluate(batch.getLabels(), predictions).getFloat();
          if (!Float.isFinite(value)) {
            throw new InvalidDataException("non-finite validation loss", where, "a finite loss",
                String.valueOf(value));
          }
          sum += value * batch.getSize();
          count += batch.getSize();
          cm.add(batch.getLabels().head(), predictions.head());
          batchNo++;
        }
      }
      return new Outcome(count == 0 ? Double.NaN : sum / count, cm);
    } finally {
      if (trained != null) {
        averager.restore(trained);
      }
    }
  }
}
