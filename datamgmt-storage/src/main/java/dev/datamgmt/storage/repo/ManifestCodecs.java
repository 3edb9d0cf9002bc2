package dev.datamgmt.storage.repo;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression for manifests. Snappy (what this library writes) and uncompressed pages are handled here
 * directly; parquet-java's own codec factory instantiates codecs through Hadoop's {@code Configuration} and
 * {@code JobConf}, whose static initialization parses Hadoop's default XML configuration — about half a second
 * of every short-lived process. Other codecs (a manifest written by another tool with ZSTD or GZIP) still go
 * through parquet-java's factory, created only when first needed.
 */
final class ManifestCodecs implements CompressionCodecFactory {
  private CodecFactory fallback;

  private synchronized CodecFactory fallback() {
    if (fallback == null) {
      fallback = new CodecFactory(new PlainParquetConfiguration(), 0);
    }
    return fallback;
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    switch (codec) {
      case SNAPPY:
        return new BytesInputCompressor() {
          @Override
          public BytesInput compress(BytesInput bytes) throws IOException {
            return BytesInput.from(Snappy.compress(bytes.toByteArray()));
          }

          @Override
          public CompressionCodecName getCodecName() {
            return CompressionCodecName.SNAPPY;
          }

          @Override
          public void release() {}
        };
      case UNCOMPRESSED:
        return new BytesInputCompressor() {
          @Override
          public BytesInput compress(BytesInput bytes) {
            return bytes;
          }

          @Override
          public CompressionCodecName getCodecName() {
            return CompressionCodecName.UNCOMPRESSED;
          }

          @Override
          public void release() {}
        };
      default:
        return fallback().getCompressor(codec);
    }
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    switch (codec) {
      case SNAPPY:
        return new BytesInputDecompressor() {
          @Override
          public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            byte[] in = bytes.toByteArray();
            byte[] out = new byte[uncompressedSize];
            int n = Snappy.uncompress(in, 0, in.length, out, 0);
            if (n != uncompressedSize) {
              throw new IOException("snappy page decompressed to " + n + " bytes, expected " + uncompressedSize);
            }
            return BytesInput.from(out);
          }

          @Override
          public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
              throws IOException {
            byte[] in = new byte[compressedSize];
            input.duplicate().get(in);
            byte[] out = new byte[uncompressedSize];
            int n = Snappy.uncompress(in, 0, compressedSize, out, 0);
            if (n != uncompressedSize) {
              throw new IOException("snappy page decompressed to " + n + " bytes, expected " + uncompressedSize);
            }
            output.put(out);
          }

          @Override
          public void release() {}
        };
      case UNCOMPRESSED:
        return new BytesInputDecompressor() {
          @Override
          public BytesInput decompress(BytesInput bytes, int uncompressedSize) {
            return bytes;
          }

          @Override
          public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
            ByteBuffer in = input.duplicate();
            in.limit(in.position() + compressedSize);
            output.put(in);
          }

          @Override
          public void release() {}
        };
      default:
        return fallback().getDecompressor(codec);
    }
  }

  @Override
  public synchronized void release() {
    if (fallback != null) {
      fallback.release();
      fallback = null;
    }
  }
}
