package dev.datamgmt.train.loop;

import dev.datamgmt.train.metrics.ConfusionMatrix;
import java.util.Optional;

/**
 * What one epoch did.
 *
 * @param epoch the epoch (0-based)
 * @param trainLoss mean training loss over its batches
 * @param samples training samples seen
 * @param seconds wall time of the training part
 * @param validationLoss mean validation loss, NaN without validation data
 * @param validation validation confusion matrix, when there is validation data
 */
public record EpochResult(int epoch, double trainLoss, long samples, double seconds, double validationLoss,
    Optional<ConfusionMatrix> validation) {

  /** Training throughput. */
  public double samplesPerSecond() {
    return seconds > 0 ? samples / seconds : 0;
  }
}
