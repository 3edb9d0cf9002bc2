package dev.datamgmt.storage.shard;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet {@link InputFile} over bytes already in memory (a prefetched shard), so no Hadoop FileSystem is needed. */
final class ByteArrayInputFile implements InputFile {
  private final byte[] bytes;

  ByteArrayInputFile(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public long getLength() {
    return bytes.length;
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
        if (newPos < 0 || newPos > bytes.length) {
          throw new EOFException("seek to " + newPos + " outside [0, " + bytes.length + "]");
        }
        pos = (int) newPos;
      }

      @Override
      public int read() {
        return pos < bytes.length ? bytes[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (pos >= bytes.length) {
          return -1;
        }
        int n = Math.min(len, bytes.length - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        return n;
      }

      @Override
      public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
      }

      @Override
      public void readFully(byte[] b, int off, int len) throws IOException {
        if (len > bytes.length - pos) {
          throw new EOFException("need " + len + " bytes at " + pos + ", file has " + bytes.length);
        }
        System.arraycopy(bytes, pos, b, off, len);
        pos += len;
      }

      @Override
      public int read(ByteBuffer buf) {
        if (!buf.hasRemaining()) {
          return 0;
        }
        if (pos >= bytes.length) {
          return -1;
        }
        int n = Math.min(buf.remaining(), bytes.length - pos);
        buf.put(bytes, pos, n);
        pos += n;
        return n;
      }

      @Override
      public void readFully(ByteBuffer buf) throws IOException {
        int n = buf.remaining();
        if (n > bytes.length - pos) {
          throw new EOFException("need " + n + " bytes at " + pos + ", file has " + bytes.length);
        }
        buf.put(bytes, pos, n);
        pos += n;
      }
    };
  }
}
