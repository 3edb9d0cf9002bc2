package dev.datamgmt.train.loop;

/** Receives progress events from a {@link TrainingLoop}. All methods default to doing nothing. */
public interface TrainingLoopListener {

  /** Before the first batch of an epoch; {@code batches} is -1 when unknown. */
  default void onEpochStart(int epoch, int epochs, long batches) {}

  /** After each training batch. */
  default void onBatch(BatchEvent event) {}

  /** After an epoch, with its training loss and validation metrics. */
  default void onEpochEnd(EpochResult result) {}

  /** After the last epoch (or early stop). */
  default void onTrainingEnd(TrainingReport report) {}

  /**
   * One finished training batch.
   *
   * @param epoch the epoch
   * @param batch the batch number in the epoch (0-based)
   * @param batches the batches in the epoch, or -1 when unknown
   * @param size samples in the batch
   * @param loss the batch's training loss
   * @param samplesPerSecond training throughput in this epoch so far
   */
  record BatchEvent(int epoch, int batch, long batches, int size, float loss, double samplesPerSecond) {}
}
