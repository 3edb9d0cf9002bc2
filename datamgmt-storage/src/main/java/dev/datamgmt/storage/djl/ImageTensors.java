package dev.datamgmt.storage.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.label.LabelKind;
import dev.datamgmt.storage.internal.image.ImageDecoder;
import dev.datamgmt.storage.reader.ImageLayout;
import dev.datamgmt.storage.reader.Sample;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * How samples become tensors: image size, channels, layout and type, and which label tensor to build. Immutable;
 * shared by both DJL datasets.
 *
 * <p>Images: {@code UINT8} keeps pixel values 0..255; {@code FLOAT32} divides by 255 (as torchvision's
 * {@code ToTensor}). Labels: for {@link LabelKind#CLASS}, a FLOAT32 class index per sample (DJL's loss and
 * accuracy conventions); for {@link LabelKind#BOXES}, a FLOAT32 {@code [maxBoxes, 5]} array per sample of
 * {@code (class, x1, y1, x2, y2)} rows padded with {@code -1}.
 */
public final class ImageTensors {
  private final int channels;
  private final int height;
  private final int width;
  private final ImageLayout layout;
  private final DataType dataType;
  private final LabelKind labelKind;
  private final int maxBoxes;

  private ImageTensors(Builder b) {
    this.channels = b.channels;
    this.height = b.height;
    this.width = b.width;
    this.layout = b.layout;
    this.dataType = b.dataType;
    this.labelKind = b.labelKind;
    this.maxBoxes = b.maxBoxes;
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /** Bytes per decoded image. */
  public int imageBytes() {
    return channels * height * width;
  }

  /** The label kind the tensors are built for. */
  public LabelKind labelKind() {
    return labelKind;
  }

  /** Shape of one image. */
  public Shape imageShape() {
    return layout == ImageLayout.CHW ? new Shape(channels, height, width) : new Shape(height, width, channels);
  }

  /** Decodes one sample's image into {@code target} at {@code offset}; errors name shard and record. */
  public void decode(Sample s, byte[] target, int offset) throws DataException {
    ImageDecoder.decode(s.data(), s.mediaType(), channels, height, width, layout, target, offset, s.location());
  }

  /** Whether images become FLOAT32 in [0, 1] (else UINT8). */
  public boolean isFloat() {
    return dataType == DataType.FLOAT32;
  }

  /**
   * Converts decoded pixels {@code from .. to-1} (byte offsets) to floats in [0, 1]. Done on the decode threads
   * so that building the batch is a single copy into the engine, with no per-batch engine ops.
   */
  public void toFloats(byte[] pixels, float[] target, int from, int to) {
    for (int i = from; i < to; i++) {
      target[i] = (pixels[i] & 0xff) * (1f / 255f);
    }
  }

  /**
   * {@link #toFloats} for the one image at {@code offset}: a gray image replicated into three CHW planes (what a
   * gray dataset read as RGB is) is converted once and its floats copied to the other two planes.
   */
  void imageToFloats(byte[] pixels, float[] target, int offset) {
    int hw = height * width;
    if (channels == 3 && layout == ImageLayout.CHW
        && java.util.Arrays.equals(pixels, offset, offset + hw, pixels, offset + hw, offset + 2 * hw)
        && java.util.Arrays.equals(pixels, offset, offset + hw, pixels, offset + 2 * hw, offset + 3 * hw)) {
      toFloats(pixels, target, offset, offset + hw);
      System.arraycopy(target, offset, target, offset + hw, hw);
      System.arraycopy(target, offset, target, offset + 2 * hw, hw);
    } else {
      toFloats(pixels, target, offset, offset + imageBytes());
    }
  }

  /** Images already converted by {@link #toFloats} as a FLOAT32 NDArray of shape {@code [n, ...imageShape]}. */
  public NDArray images(NDManager m, float[] values, int n) {
    Shape shape = new Shape(n).addAll(imageShape());
    ByteBuffer buf = m.allocateDirect(n * imageBytes() * 4);
    buf.asFloatBuffer().put(values, 0, n * imageBytes());
    return m.create(buf, shape, DataType.FLOAT32);
  }

  /** Images decoded into {@code pixels} ({@code n} of them) as an NDArray of shape {@code [n, ...imageShape]}. */
  public NDArray images(NDManager m, byte[] pixels, int n) {
    Shape shape = new Shape(n).addAll(imageShape());
    ByteBuffer buf = m.allocateDirect(n * imageBytes());
    buf.put(pixels, 0, n * imageBytes());
    buf.rewind();
    NDArray u8 = m.create(buf, shape, DataType.UINT8);
    if (dataType == DataType.UINT8) {
      return u8;
    }
    NDArray f = u8.toType(DataType.FLOAT32, false).divi(255f);
    u8.close();
    return f;
  }

  /** The label array for the given samples: {@code [n]} classes or {@code [n, maxBoxes, 5]} boxes. */
  public NDArray labels(NDManager m, List<Sample> samples) throws DataException {
    int n = samples.size();
    if (labelKind == LabelKind.CLASS) {
      float[] c = new float[n];
      for (int i = 0; i < n; i++) {
        Sample s = samples.get(i);
        if (s.classIndex() < 0) {
          throw new InvalidDataException("wrong label type", s.location(), "a CLASS label", "none or another kind");
        }
        c[i] = s.classIndex();
      }
      return m.create(c);
    }
    float[] b = new float[n * maxBoxes * 5];
    java.util.Arrays.fill(b, -1f);
    for (int i = 0; i < n; i++) {
      Sample s = samples.get(i);
      Label l = s.label();
      if (!(l instanceof BoxesLabel boxes)) {
        throw new InvalidDataException("wrong label type", s.location(), "a BOXES label",
            l == null ? "none" : l.kind().toString());
      }
      if (boxes.boxes().size() > maxBoxes) {
        throw new InvalidDataException("too many boxes", s.location(), "at most " + maxBoxes,
            Integer.toString(boxes.boxes().size()));
      }
      for (int k = 0; k < boxes.boxes().size(); k++) {
        Box x = boxes.boxes().get(k);
        int o = (i * maxBoxes + k) * 5;
        b[o] = x.classIndex();
        b[o + 1] = (float) x.x1();
        b[o + 2] = (float) x.y1();
        b[o + 3] = (float) x.x2();
        b[o + 4] = (float) x.y2();
      }
    }
    return m.create(b, new Shape(n, maxBoxes, 5));
  }

  /** Configures {@link ImageTensors}: {@code set*} required, {@code opt*} optional. */
  public static final class Builder {
    private int channels = 1;
    private int height;
    private int width;
    private ImageLayout layout = ImageLayout.CHW;
    private DataType dataType = DataType.FLOAT32;
    private LabelKind labelKind = LabelKind.CLASS;
    private int maxBoxes = 32;

    private Builder() {}

    /** Image height and width in pixels (required; images of another size are errors, not resized). */
    public Builder setSize(int height, int width) {
      this.height = height;
      this.width = width;
      return this;
    }

    /** 1 (gray, default) or 3 (RGB). */
    public Builder optChannels(int channels) {
      this.channels = channels;
      return this;
    }

    /** CHW (default) or HWC. */
    public Builder optLayout(ImageLayout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    /** FLOAT32 in [0, 1] (default) or UINT8. */
    public Builder optDataType(DataType type) {
      this.dataType = Objects.requireNonNull(type, "type");
      return this;
    }

    /** CLASS (default) or BOXES. */
    public Builder optLabelKind(LabelKind kind) {
      this.labelKind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /** Box rows per sample for BOXES labels (default 32). */
    public Builder optMaxBoxes(int maxBoxes) {
      this.maxBoxes = maxBoxes;
      return this;
    }

    /** Validates and builds. */
    public ImageTensors build() {
      if (height == 0 && width == 0) {
        throw new IllegalStateException("size was not set; call setSize");
      }
      if (height <= 0 || width <= 0) {
        throw new IllegalArgumentException("size must be positive: " + height + "x" + width);
      }
      if (channels != 1 && channels != 3) {
        throw new IllegalArgumentException("channels must be 1 or 3: " + channels);
      }
      if (dataType != DataType.FLOAT32 && dataType != DataType.UINT8) {
        throw new IllegalArgumentException("dataType must be FLOAT32 or UINT8: " + dataType);
      }
      if (labelKind != LabelKind.CLASS && labelKind != LabelKind.BOXES) {
        throw new IllegalArgumentException("labelKind must be CLASS or BOXES: " + labelKind);
      }
      if (maxBoxes <= 0) {
        throw new IllegalArgumentException("maxBoxes must be > 0: " + maxBoxes);
      }
      return new ImageTensors(this);
    }
  }
}
