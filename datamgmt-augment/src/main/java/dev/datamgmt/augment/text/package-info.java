/**
 * Text augmentation on token sequences: word deletion, swap, insertion from a vocabulary and character
 * noise, run by {@link dev.datamgmt.augment.text.TextAugmenter}.
 */
package dev.datamgmt.augment.text;
