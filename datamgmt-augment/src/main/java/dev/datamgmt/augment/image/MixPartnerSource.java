package dev.datamgmt.augment.image;

import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.List;
import java.util.Objects;

/**
 * Random access to the dataset that mixup and cutmix draw their partners from. With a source, the partner of
 * sample {@code index} is dataset sample {@link #partnerIndex partnerIndex(mix, size())}, augmented with its own
 * per-sample parameters of the same epoch, so the mixed result depends only on (seed, epoch, index) and the
 * data, never on the batch. Without one, backends pick the partner by batch position (the timm/torchvision
 * way), which changes with the batch composition.
 *
 * <pre>{@code
 * MixPartnerSource partners = MixPartnerSource.of(trainingSamples);   // or a reader by record index
 * CpuAugmenter aug = CpuAugmenter.builder().setPipeline(pipeline).optMixPartners(partners).build();
 * }</pre>
 */
public interface MixPartnerSource {
  /** The number of samples; partners are drawn uniformly from {@code [0, size())}. */
  long size();

  /**
   * The un-augmented sample at {@code index}. Must return the same content for the same index every time.
   *
   * @throws InvalidDataException if the sample cannot be read
   */
  ImageSample get(long index) throws InvalidDataException;

  /** The dataset index of the partner a mix step draws from a dataset of {@code size} samples. */
  static long partnerIndex(ImageSteps.Mix mix, long size) {
    return partnerIndex(mix.partner(), size);
  }

  /** The dataset index of the partner drawn as {@code u} in {@code [0, 1)} (a mix's or a mosaic's partner). */
  static long partnerIndex(double u, long size) {
    if (size <= 0) {
      throw new IllegalArgumentException("mix partner source is empty: size " + size);
    }
    return Math.min(size - 1, (long) Math.floor(u * size));
  }

  /** A source over an in-memory list (index = list position). */
  static MixPartnerSource of(List<ImageSample> samples) {
    List<ImageSample> copy = List.copyOf(Objects.requireNonNull(samples, "samples"));
    return new MixPartnerSource() {
      @Override
      public long size() {
        return copy.size();
      }

      @Override
      public ImageSample get(long index) {
        return copy.get(Math.toIntExact(index));
      }
    };
  }
}
