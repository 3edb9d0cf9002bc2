package dev.datamgmt.train.loop;

import dev.datamgmt.core.provenance.Provenance;
import dev.datamgmt.train.metrics.ConfusionMatrix;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link TrainingLoop#fit()}. Timing (epoch seconds, throughput) lives here and not in the
 * provenance, which identical runs share.
 *
 * @param history one result per epoch run in this call (a resumed run lists only the epochs it ran)
 * @param lastEpoch the last epoch completed (0-based)
 * @param stoppedEarly whether early stopping ended training
 * @param bestEpoch the epoch with the best monitored validation metric, or -1 without validation data
 * @param provenance the lineage of the trained model: data, augmentation, sampler, loss, seeds, code, metrics
 */
public record TrainingReport(List<EpochResult> history, int lastEpoch, boolean stoppedEarly, int bestEpoch,
    Provenance provenance) {

  /** The validation confusion matrix of the last epoch run, if there was validation data. */
  public Optional<ConfusionMatrix> finalValidation() {
    return history.isEmpty() ? Optional.empty() : history.get(history.size() - 1).validation();
  }

  /** Median training throughput over the epochs run. */
  public double medianSamplesPerSecond() {
    double[] v = history.stream().mapToDouble(EpochResult::samplesPerSecond).sorted().toArray();
    return v.length == 0 ? 0 : v[v.length / 2];
  }
}
