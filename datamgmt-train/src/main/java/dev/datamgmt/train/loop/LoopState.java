package dev.datamgmt.train.loop;

/** What the loop must remember across epochs (and checkpoints): the last epoch and the best so far. */
final class LoopState {
  int epoch = -1;
  double best = Double.NaN;
  int bestEpoch = -1;
  int badEpochs;

  /** Records an epoch; returns whether the monitored metric improved. */
  boolean update(int epoch, EpochResult r, TrainingLoop.Monitor monitor, double minDelta) {
    this.epoch = epoch;
    if (r.validation().isEmpty()) {
      return false;
    }
    double v = switch (monitor) {
      case BALANCED_ACCURACY -> r.validation().get().balancedAccuracy();
      case MACRO_F1 -> r.validation().get().macroF1();
      case VALIDATION_LOSS -> -r.validationLoss();
    };
    if (Double.isNaN(best) || v > best + minDelta) {
      best = v;
      bestEpoch = epoch;
      badEpochs = 0;
      return true;
    }
    badEpochs++;
    return false;
  }
}
