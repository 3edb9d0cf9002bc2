/**
 * Text augmentation on token sequences: word deletion, swap, insertion from a vocabulary, character noise,
 * keyboard typos and OCR confusions, synonym replacement from a user-supplied
 * {@link dev.datamgmt.augment.text.SynonymTable} (tab-separated or WordNet's Prolog export; nothing downloaded at
 * run time) and random span crops, run by {@link dev.datamgmt.augment.text.TextAugmenter}.
 */
package dev.datamgmt.augment.text;
