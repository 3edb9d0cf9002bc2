package dev.datamgmt.train.loss;

/** How elementwise losses become the returned value, as in PyTorch. */
public enum Reduction {
  /** No reduction: one value per element (sigmoid losses) or per sample (softmax losses). */
  NONE,
  /** The mean (for weighted cross-entropy: divided by the summed weights of the targets, as PyTorch does). */
  MEAN,
  /** The sum. */
  SUM;

  /** The PyTorch name: none, mean or sum. */
  public String torchName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
