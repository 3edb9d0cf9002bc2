package dev.datamgmt.train.sampler;

/**
 * A sampler that emphasizes the samples the model found hard in the previous epoch. Before the first
 * {@link #observe(SampleLossLog)} it draws uniformly; afterwards sample i gets weight
 * {@code 1 + lossWeight * loss_i / meanLoss + missWeight * [i misclassified]} (samples not seen in that epoch
 * get the mean weight), drawn with replacement.
 */
public interface HardExampleSampler extends EpochSampler {

  /**
   * Takes the outcome of the epoch just finished; it shapes the orders of later epochs.
   *
   * @throws IllegalArgumentException if the log is for a different dataset size
   */
  void observe(SampleLossLog previousEpoch);
}
