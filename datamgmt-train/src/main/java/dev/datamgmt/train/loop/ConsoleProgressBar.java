package dev.datamgmt.train.loop;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line console progress bar per epoch: batches done, loss, throughput and time left in the epoch;
 * at the end of the epoch one line with the validation metrics. Redraws at most every 200 ms.
 */
public final class ConsoleProgressBar implements TrainingLoopListener {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private int epochs;
  private long lastDraw;

  /** Draws on {@code out} (e.g. {@code System.err}). */
  public ConsoleProgressBar(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onEpochStart(int epoch, int epochs, long batches) {
    this.epochs = epochs;
    lastDraw = 0;
  }

  @Override
  public void onBatch(BatchEvent e) {
    long now = System.nanoTime();
    boolean last = e.batches() > 0 && e.batch() + 1 == e.batches();
    if (!last && now - lastDraw < 200_000_000L) {
      return;
    }
    lastDraw = now;
    out.print("\r" + line(e));
    out.flush();
  }

  /** The text of the bar for one event, e.g. {@code epoch 1/3 [#####.....] 50/100 loss 0.4121 812 samples/s ETA 0:06}. */
  String line(BatchEvent e) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "epoch %d/%d ", e.epoch() + 1, epochs));
    long done = e.batch() + 1L;
    if (e.batches() > 0) {
      int filled = (int) (WIDTH * done / e.batches());
      sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
      sb.append(done).append('/').append(e.batches());
    } else {
      sb.append(done).append(" batches");
    }
    sb.append(String.format(Locale.ROOT, " loss %.4f %.0f samples/s", e.loss(), e.samplesPerSecond()));
    if (e.batches() > 0 && e.samplesPerSecond() > 0) {
      long left = (long) ((e.batches() - done) * (double) e.size() / e.samplesPerSecond());
      sb.append(String.format(Locale.ROOT, " ETA %d:%02d", left / 60, left % 60));
    }
    return sb.toString();
  }

  @Override
  public void onEpochEnd(EpochResult r) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%nepoch %d/%d done: loss %.4f, %.0f samples/s",
        r.epoch() + 1, epochs, r.trainLoss(), r.samplesPerSecond()));
    r.validation().ifPresent(cm -> sb.append(String.format(Locale.ROOT,
        ", validation loss %.4f accuracy %.4f balanced %.4f macro-F1 %.4f", r.validationLoss(), cm.accuracy(),
        cm.balancedAccuracy(), cm.macroF1())));
    out.println(sb);
  }
}
