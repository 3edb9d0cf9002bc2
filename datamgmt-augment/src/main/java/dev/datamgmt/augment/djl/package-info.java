/**
 * DJL integration: {@link dev.datamgmt.augment.djl.BatchTransform} is the one per-batch hook (inputs, epoch, the
 * batch's sample indices), made by {@link dev.datamgmt.augment.device.DeviceAugmenter#asBatchTransform()}, taken
 * by datamgmt-train's {@code TrainingLoop}, and applied in a DJL loop of your own with
 * {@link dev.datamgmt.augment.djl.BatchTransform#applyTo}. {@link dev.datamgmt.augment.djl.AugmentedDataset}
 * applies a transform per record inside a DJL dataset chain. DJL's {@code Transform} sees one array with no
 * index, which cannot give reproducible per-sample parameters; this hook carries the index instead.
 * {@link dev.datamgmt.augment.djl.DjlConverters} converts rasters and masks to and from {@code NDArray} and DJL's
 * {@code Image}.
 */
package dev.datamgmt.augment.djl;
