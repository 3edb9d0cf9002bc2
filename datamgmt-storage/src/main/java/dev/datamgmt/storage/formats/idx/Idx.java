package dev.datamgmt.storage.formats.idx;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.core.schema.AttributeType;
import dev.datamgmt.core.schema.DatasetSchema;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.storage.formats.Png;
import dev.datamgmt.storage.formats.RecordSink;
import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes IDX files (the MNIST family), plain or gzip-compressed.
 *
 * <p>Only the unsigned-byte type ({@code 0x08}) is read, which is what every MNIST-family file uses: images
 * have 3 dimensions (count, rows, cols), labels 1 (count).
 *
 * <pre>{@code
 * IdxDataset train = Idx.read(
 *     Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"),
 *     Path.of("/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"));
 * byte[] first = train.images().image(0);   // 28 * 28 bytes
 * int label = train.label(0);
 * }</pre>
 */
public final class Idx {
  private static final int TYPE_UBYTE = 0x08;
  /** Refuse headers that promise more than this many values instead of failing with OutOfMemoryError. */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 16;

  private Idx() {}

  /**
   * Reads an image file (3 dimensions) and a label file (1 dimension) and checks that their counts match.
   *
   * @throws UnsupportedFormatException if a file is not IDX or has the wrong type or number of dimensions
   * @throws IntegrityException if a file is truncated or has trailing bytes
   * @throws InvalidDataException if the counts differ
   * @throws StorageException if a file cannot be read
   */
  public static IdxDataset read(Path images, Path labels) throws DataException {
    IdxImages im = readImages(images);
    int[] lb = readLabels(labels);
    if (im.count() != lb.length) {
      throw new InvalidDataException("IDX image and label counts differ", images + " / " + labels,
          im.count() + " labels (one per image)", lb.length + " labels");
    }
    return new IdxDataset(im, lb);
  }

  /** Reads an image file (gzip or plain); see {@link #read(Path, Path)} for the errors. */
  public static IdxImages readImages(Path file) throws DataException {
    try (InputStream in = open(file)) {
      return readImages(in, file.toString());
    } catch (IOException e) {
      throw new StorageException("cannot read IDX file", file.toString(), "a readable file", e.toString(), e);
    }
  }

  /** Reads a label file (gzip or plain); see {@link #read(Path, Path)} for the errors. */
  public static int[] readLabels(Path file) throws DataException {
    try (InputStream in = open(file)) {
      return readLabels(in, file.toString());
    } catch (IOException e) {
      throw new StorageException("cannot read IDX file", file.toString(), "a readable file", e.toString(), e);
    }
  }

  /**
   * Reads images from a stream that is already decompressed; does not close it.
   *
   * @param location names the source in error messages
   */
  public static IdxImages readImages(InputStream in, String location) throws DataException {
    int[] dims = readHeader(in, location, 3, "images (3 dimensions: count, rows, cols)");
    byte[] pixels = readValues(in, location, dims);
    return new IdxImages(dims[0], dims[1], dims[2], pixels);
  }

  /**
   * Reads labels from a stream that is already decompressed; does not close it.
   *
   * @param location names the source in error messages
   */
  public static int[] readLabels(InputStream in, String location) throws DataException {
    int[] dims = readHeader(in, location, 1, "labels (1 dimension: count)");
    byte[] values = readValues(in, location, dims);
    int[] labels = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      labels[i] = values[i] & 0xff;
    }
    return labels;
  }

  /**
   * Imports an IDX dataset: one record per image, id {@code <idPrefix>-<index, 5+ digits>}, the image as a
   * grayscale PNG blob, a {@link ClassLabel}, the given split and {@code width}/{@code height} attributes.
   *
   * @param classNames class names in label order (e.g. Fashion-MNIST's ten), or empty for unnamed classes
   * @throws InvalidDataException if a label is not a valid index into {@code classNames}
   */
  public static ImportReport importTo(IdxDataset data, String idPrefix, Split split, List<String> classNames,
      RecordSink sink) throws DataException {
    IdxImages im = data.images();
    byte[] px = new byte[im.imageSize()];
    for (int i = 0; i < data.size(); i++) {
      int label = data.label(i);
      if (!classNames.isEmpty() && label >= classNames.size()) {
        throw new InvalidDataException("IDX label out of range", idPrefix + " image " + i,
            "a class index below " + classNames.size(), Integer.toString(label));
      }
      im.copyImage(i, px, 0);
      byte[] png = Png.encode(px, im.cols(), im.rows(), 1);
      Record r = Record.builder(String.format("%s-%05d", idPrefix, i))
          .setBlob(BlobRef.of(png, "image/png"))
          .optLabel(ClassLabel.of(label))
          .optSplit(split)
          .addAttribute("width", im.cols())
          .addAttribute("height", im.rows())
          .build();
      sink.add(r, png);
    }
    DatasetSchema schema = DatasetSchema.builder().setLabelKind(LabelKind.CLASS).optLabelRequired(true)
        .addClassNames(classNames.toArray(String[]::new))
        .addAttribute("width", AttributeType.LONG).addAttribute("height", AttributeType.LONG).build();
    sink.flush();
    return new ImportReport(schema, data.size(), List.of());
  }

  /** Writes images as an IDX file; gzip-compressed when the name ends in {@code .gz}. */
  public static void writeImages(IdxImages images, Path file) throws DataException {
    write(file, new int[] {images.count(), images.rows(), images.cols()}, images.pixels());
  }

  /**
   * Writes labels as an IDX file; gzip-compressed when the name ends in {@code .gz}.
   *
   * @throws IllegalArgumentException if a label is outside {@code 0..255}
   */
  public static void writeLabels(int[] labels, Path file) throws DataException {
    byte[] values = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] > 255) {
        throw new IllegalArgumentException("IDX labels must be in 0..255: labels[" + i + "] = " + labels[i]);
      }
      values[i] = (byte) labels[i];
    }
    write(file, new int[] {labels.length}, values);
  }

  private static void write(Path file, int[] dims, byte[] values) throws DataException {
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream maybeGz = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
        DataOutputStream out = new DataOutputStream(maybeGz)) {
      out.writeByte(0);
      out.writeByte(0);
      out.writeByte(TYPE_UBYTE);
      out.writeByte(dims.length);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(values);
    } catch (IOException e) {
      throw new StorageException("cannot write IDX file", file.toString(), "a writable path", e.toString(), e);
    }
  }

  private static InputStream open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    // gzip members start with 1f 8b; an IDX header starts with two zero bytes, so the two cannot be confused.
    if (b0 == 0x1f && b1 == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    return in;
  }

  private static int[] readHeader(InputStream in, String location, int expectedDims, String what)
      throws DataException {
    byte[] magic = readFully(in, 4, location, "a 4-byte IDX magic number");
    int m = ((magic[0] & 0xff) << 24) | ((magic[1] & 0xff) << 16) | ((magic[2] & 0xff) << 8) | (magic[3] & 0xff);
    if (magic[0] != 0 || magic[1] != 0) {
      throw new UnsupportedFormatException("not an IDX file", location,
          "magic number 0x0000TTDD (two zero bytes, type, dimensions)", String.format("0x%08x", m));
    }
    if ((magic[2] & 0xff) != TYPE_UBYTE) {
      throw new UnsupportedFormatException("unsupported IDX value type", location,
          "type 0x08 (unsigned byte)", String.format("type 0x%02x", magic[2] & 0xff));
    }
    int ndims = magic[3] & 0xff;
    if (ndims != expectedDims) {
      throw new UnsupportedFormatException("wrong number of IDX dimensions", location,
          what, ndims + " dimension(s) (magic " + String.format("0x%08x", m) + ")");
    }
    byte[] dimBytes = readFully(in, 4 * ndims, location, ndims + " dimension sizes");
    int[] dims = new int[ndims];
    long total = 1;
    for (int i = 0; i < ndims; i++) {
      int o = 4 * i;
      dims[i] = ((dimBytes[o] & 0xff) << 24) | ((dimBytes[o + 1] & 0xff) << 16)
          | ((dimBytes[o + 2] & 0xff) << 8) | (dimBytes[o + 3] & 0xff);
      if (dims[i] < 0) {
        throw new InvalidDataException("negative IDX dimension size", location + ", dimension " + i,
            "a size >= 0", Integer.toString(dims[i]));
      }
      total *= dims[i];
      if (total > MAX_VALUES) {
        throw new InvalidDataException("IDX file too large", location,
            "at most " + MAX_VALUES + " values", "dimensions whose product exceeds that");
      }
    }
    return dims;
  }

  private static byte[] readValues(InputStream in, String location, int[] dims) throws DataException {
    long total = 1;
    for (int d : dims) {
      total *= d;
    }
    byte[] values = readFully(in, (int) total, location, total + " data bytes after the header");
    try {
      if (in.read() >= 0) {
        throw new IntegrityException("trailing bytes after IDX data", location,
            "exactly " + total + " data bytes", "more");
      }
    } catch (IOException e) {
      throw new IntegrityException("unreadable IDX data", location, "end of file", e.toString(), e);
    }
    return values;
  }

  private static byte[] readFully(InputStream in, int n, String location, String what) throws DataException {
    byte[] buf = new byte[n];
    int off = 0;
    try {
      while (off < n) {
        int r = in.read(buf, off, n - off);
        if (r < 0) {
          break;
        }
        off += r;
      }
    } catch (EOFException e) {
      // A truncated gzip stream ends this way; report it like any other truncation.
    } catch (IOException e) {
      throw new IntegrityException("unreadable IDX data", location, what, e.toString(), e);
    }
    if (off < n) {
      throw new IntegrityException("truncated IDX file", location, what, off + " bytes");
    }
    return buf;
  }
}
