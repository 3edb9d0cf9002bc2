package dev.datamgmt.samples.data;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.storage.formats.idx.IdxImages;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The Fashion-MNIST subset committed under {@code data/fashion-mnist-subset} (10,000 training and 2,000 test
 * images, MIT licence; see its README), which the samples read, so that they run on a fresh clone.
 */
public final class FashionMnistSubset {
  /** The folder, relative to the samples folder (where Maven runs the samples and their tests). */
  public static final Path DIR = Path.of("../data/fashion-mnist-subset");
  /** Fashion-MNIST's class names, in label order. */
  public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private FashionMnistSubset() {}

  /**
   * The 10,000 training images with their labels.
   *
   * @return the images and labels
   * @throws DataException if the files are missing or malformed
   */
  public static IdxDataset train() throws DataException {
    return Idx.read(DIR.resolve("train-images-idx3-ubyte.gz"), DIR.resolve("train-labels-idx1-ubyte.gz"));
  }

  /**
   * The 2,000 test images with their labels.
   *
   * @return the images and labels
   * @throws DataException if the files are missing or malformed
   */
  public static IdxDataset test() throws DataException {
    return Idx.read(DIR.resolve("t10k-images-idx3-ubyte.gz"), DIR.resolve("t10k-labels-idx1-ubyte.gz"));
  }

  /**
   * The first {@code count} images of {@code all}.
   *
   * @param all images and labels
   * @param count how many, 1..all.size()
   * @return a new dataset of the first {@code count}
   * @throws IllegalArgumentException if {@code count} is out of range
   */
  public static IdxDataset first(IdxDataset all, int count) {
    if (count < 1 || count > all.size()) {
      throw new IllegalArgumentException("count must be within 1.." + all.size() + ": " + count);
    }
    IdxImages im = all.images();
    return new IdxDataset(IdxImages.of(count, im.rows(), im.cols(),
        Arrays.copyOf(im.pixels(), count * im.imageSize())), Arrays.copyOf(all.labels(), count));
  }
}
