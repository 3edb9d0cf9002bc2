/**
 * Not API: audio helpers (noise field, SpecAugment mask ranges, gain on a spectrogram scale) shared by the audio
 * augmenter and the device backend. No module exports this package.
 */
package dev.datamgmt.augment.internal.audio;
