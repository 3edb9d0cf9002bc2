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

/** Evaluates the validation data after an epoch: mean loss and confusion matrix, on the weights handed back. */
final class Validation {
  private final LoopSettings s;
  private final BatchLabels labels;

  Validation(LoopSettings s, BatchLabels labels) {
    this.s = s;
    this.labels = labels;
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
      for (Batch batch : s.validationData.getData(trainer.getManager())) {
        try (batch) {
          NDList predictions = trainer.evaluate(batch.getData());
          labels.check(batch.getLabels().head(), epoch, -1, null);
          sum += loss.evaluate(batch.getLabels(), predictions).getFloat() * batch.getSize();
          count += batch.getSize();
          cm.add(batch.getLabels().head(), predictions.head());
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
