/**
 * Audio augmentation on waveforms ({@link dev.datamgmt.augment.audio.Waveform}) and spectrograms
 * ({@link dev.datamgmt.augment.audio.Spectrogram}): speed, time stretch, inserted silence, gain, noise at a
 * signal-to-noise ratio, time shift, and SpecAugment time and frequency masking. Run by {@link
 * dev.datamgmt.augment.audio.AudioAugmenter} (pure Java).
 */
package dev.datamgmt.augment.audio;
