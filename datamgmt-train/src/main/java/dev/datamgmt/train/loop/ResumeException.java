package dev.datamgmt.train.loop;

import dev.datamgmt.core.error.DataException;

/**
 * A checkpoint cannot be resumed by this loop: it was written for a different architecture, optimizer or sampler,
 * or the run it belongs to already reached its epoch count. Nothing has been trained or loaded when it is thrown.
 *
 * <pre>
 * checkpoint does not fit this loop at ckpt/checkpoint.json, parameter 02Linear_weight:
 *     expected (3, 16) (the model's), found (4, 16) (the checkpoint's)
 * </pre>
 */
public final class ResumeException extends DataException {
  private static final long serialVersionUID = 1L;

  /** What did not fit. */
  public enum Reason {
    /** A parameter's name or shape, or the number of parameters, differs. */
    ARCHITECTURE,
    /** The optimizer's description differs. */
    OPTIMIZER,
    /** The sampler's settings differ. */
    SAMPLER,
    /** The checkpoint already holds the last epoch of the epoch count (or more). */
    RUN_FINISHED
  }

  private final Reason reason;
  private final String setting;

  ResumeException(Reason reason, String location, String setting, String expected, String found) {
    super(reason == Reason.RUN_FINISHED ? "run already finished" : "checkpoint does not fit this loop",
        location + ", " + setting, expected, found, null);
    this.reason = reason;
    this.setting = setting;
  }

  /** What did not fit. */
  public Reason reason() {
    return reason;
  }

  /** The first setting that did not fit, e.g. {@code "parameter 02Linear_weight"} or {@code "optimizer"}. */
  public String setting() {
    return setting;
  }
}
