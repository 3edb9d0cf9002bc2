package dev.datamgmt.storage.internal.parquet;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Parquet's {@link InputFile}/{@link OutputFile} over a byte array, so manifests are written to and read from
 * memory and then moved through any {@link dev.datamgmt.core.blob.BlobStore} — no Hadoop FileSystem involved.
 * Manifests (core) and shards (datamgmt-storage) both go through it.
 */
public final class ParquetBytes {
  private ParquetBytes() {}

  /** An output "file" that collects the bytes in memory. */
  public static final class Output implements OutputFile {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return createOrOverwrite(blockSizeHint);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      buffer.reset();
      return new PositionOutputStream() {
        @Override
        public long getPos() {
          return buffer.size();
        }

        @Override
        public void write(int b) {
          buffer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          buffer.write(b, off, len);
        }
      };
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return "memory";
    }

    /** Creates an empty output. */
    public Output() {}

    /** The bytes written so far. */
    public byte[] toByteArray() {
      return buffer.toByteArray();
    }
  }

  /** An input "file" over a byte array. */
  public static final class Input implements InputFile {
    private final byte[] data;

    /** Reads {@code data} in place (not copied; do not change it while reading). */
    public Input(byte[] data) {
      this.data = data;
    }

    @Override
    public long getLength() {
      return data.length;
    }

    @Override
    public SeekableInputStream newStream() {
      return new SeekableInputStream() {
        private int pos;

        @Override
        public long getPos() {
          return pos;
        }

        @Override
        public void seek(long newPos) throws IOException {
          if (newPos < 0 || newPos > data.length) {
            throw new EOFException("seek to " + newPos + " outside 0.." + data.length);
          }
          pos = (int) newPos;
        }

        @Override
        public int read() {
          return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          if (len == 0) {
            return 0;
          }
          if (pos >= data.length) {
            return -1;
          }
          int n = Math.min(len, data.length - pos);
          System.arraycopy(data, pos, b, off, n);
          pos += n;
          return n;
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
          readFully(bytes, 0, bytes.length);
        }

        @Override
        public void readFully(byte[] bytes, int start, int len) throws IOException {
          if (len > data.length - pos) {
            throw new EOFException("need " + len + " bytes at " + pos + ", file has " + data.length);
          }
          System.arraycopy(data, pos, bytes, start, len);
          pos += len;
        }

        @Override
        public int read(ByteBuffer buf) {
          if (!buf.hasRemaining()) {
            return 0;
          }
          if (pos >= data.length) {
            return -1;
          }
          int n = Math.min(buf.remaining(), data.length - pos);
          buf.put(data, pos, n);
          pos += n;
          return n;
        }

        @Override
        public void readFully(ByteBuffer buf) throws IOException {
          int n = buf.remaining();
          if (n > data.length - pos) {
            throw new EOFException("need " + n + " bytes at " + pos + ", file has " + data.length);
          }
          buf.put(data, pos, n);
          pos += n;
        }
      };
    }

    @Override
    public String toString() {
      return "memory[" + data.length + " bytes]";
    }
  }
}
