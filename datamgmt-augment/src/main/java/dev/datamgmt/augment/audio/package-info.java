/**
 * Audio augmentation on waveforms ({@link dev.datamgmt.augment.audio.Waveform}) and spectrograms
 * ({@link dev.datamgmt.augment.audio.Spectrogram}): speed, time stretch, inserted silence, gain, noise at a
 * signal-to-noise ratio, time shift, pitch shift, polarity inversion, clipping, biquad filters, recorded background
 * noises and room impulse responses from a {@link dev.datamgmt.augment.audio.SoundBank} of WAV files, time masks on
 * waveforms and SpecAugment time and frequency masking. Run by {@link dev.datamgmt.augment.audio.AudioAugmenter}
 * (pure Java).
 */
package dev.datamgmt.augment.audio;
