package dev.datamgmt.augment.audio;

/**
 * What the values of a {@link Spectrogram} are, which decides what a gain of {@code db} decibels does to them.
 * Masks and noise do not depend on it (noise is added to the values as given, at an SNR measured on them).
 */
public enum SpectrogramScale {
  /** Magnitudes {@code |X|} (torchaudio {@code power=1}): a gain multiplies by {@code 10^(db/20)}. */
  MAGNITUDE,
  /** Powers {@code |X|^2} (torchaudio's default {@code power=2}): a gain multiplies by {@code 10^(db/10)}. */
  POWER,
  /** Decibels (e.g. after {@code AmplitudeToDB}): a gain adds {@code db}. */
  DECIBEL
}
