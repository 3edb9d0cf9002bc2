package dev.datamgmt.train.sampler;

import java.util.Arrays;

/**
 * The per-sample outcome of one epoch: the last loss seen for each dataset index and whether the model
 * got it right. The training loop fills one per epoch; {@link HardExampleSampler} reads it. Not thread-safe.
 */
public final class SampleLossLog {
  private final float[] loss;
  private final byte[] state; // 0 unseen, 1 correct, 2 wrong

  /** An empty log for a dataset of {@code size} samples. */
  public SampleLossLog(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0: " + size);
    }
    this.loss = new float[size];
    this.state = new byte[size];
  }

  /**
   * Records the outcome for one sample (a later record of the same index replaces an earlier one).
   *
   * @throws IllegalArgumentException if the index is outside the dataset or the loss is not finite
   */
  public void record(long index, float sampleLoss, boolean correct) {
    if (index < 0 || index >= loss.length) {
      throw new IllegalArgumentException("sample index must be in 0.." + (loss.length - 1) + ": " + index);
    }
    if (!Float.isFinite(sampleLoss)) {
      throw new IllegalArgumentException("loss of sample " + index + " must be finite: " + sampleLoss);
    }
    loss[(int) index] = sampleLoss;
    state[(int) index] = (byte) (correct ? 1 : 2);
  }

  /** The dataset size. */
  public int size() {
    return loss.length;
  }

  /** Whether the sample was seen this epoch. */
  public boolean seen(int index) {
    return state[index] != 0;
  }

  /** The recorded loss (0 when unseen). */
  public float loss(int index) {
    return loss[index];
  }

  /** Whether the sample was misclassified (false when unseen). */
  public boolean misclassified(int index) {
    return state[index] == 2;
  }

  /** How many samples were seen. */
  public int seenCount() {
    int n = 0;
    for (byte s : state) {
      n += s != 0 ? 1 : 0;
    }
    return n;
  }

  /** The log as bytes (size, then each sample's state and loss), for checkpoints. */
  public byte[] toBytes() {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + loss.length * 5);
    b.putInt(0x534C4C31).putInt(loss.length);
    for (int i = 0; i < loss.length; i++) {
      b.put(state[i]).putFloat(loss[i]);
    }
    return b.array();
  }

  /**
   * Reads what {@link #toBytes()} wrote.
   *
   * @throws dev.datamgmt.core.error.IntegrityException if the bytes are not such a log
   */
  public static SampleLossLog fromBytes(byte[] bytes, String location)
      throws dev.datamgmt.core.error.IntegrityException {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
    if (bytes.length < 8 || b.getInt() != 0x534C4C31) {
      throw new dev.datamgmt.core.error.IntegrityException("not a sample loss log", location,
          "magic SLL1", bytes.length + " bytes without it");
    }
    int n = b.getInt();
    if (n < 0 || bytes.length != 8 + 5L * n) {
      throw new dev.datamgmt.core.error.IntegrityException("truncated sample loss log", location,
          (8 + 5L * n) + " bytes", bytes.length + " bytes");
    }
    SampleLossLog log = new SampleLossLog(n);
    for (int i = 0; i < n; i++) {
      log.state[i] = b.get();
      log.loss[i] = b.getFloat();
    }
    return log;
  }

  /** A copy of the losses. */
  public float[] losses() {
    return Arrays.copyOf(loss, loss.length);
  }
}
