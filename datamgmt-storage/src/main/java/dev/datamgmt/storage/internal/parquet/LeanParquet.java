package dev.datamgmt.storage.internal.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads top-level primitive columns of a Parquet file held in memory, for the subset of Parquet that our shard
 * writer produces (FORMAT.md, "Shard files"): an unencrypted file whose columns are BYTE_ARRAY, INT32 or INT64,
 * required or optional (no repetition), in v1 data pages encoded PLAIN or dictionary (PLAIN_DICTIONARY /
 * RLE_DICTIONARY), with RLE definition levels, compressed with SNAPPY or GZIP or not at all. Anything else (another
 * codec such as ZSTD, another encoding, encryption, a damaged structure) throws {@link LeanParquetException} and
 * the caller reads the file with parquet-java instead, so this class only ever decides how fast a file is read,
 * never whether it is.
 *
 * <p>Why it exists: parquet-java reads through an object model (Hadoop configuration and codec factory, converters,
 * column readers behind several interfaces) that loads about 1,300 classes and keeps the JIT busy for most of a
 * second before the first shard of a fresh JVM is read; this reader is a few small loops over the bytes.
 */
public final class LeanParquet {
  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};
  private static final int TYPE_INT32 = 1;
  private static final int TYPE_INT64 = 2;
  private static final int TYPE_BYTE_ARRAY = 6;
  private static final int REQUIRED = 0;
  private static final int OPTIONAL = 1;
  private static final int ENC_PLAIN = 0;
  private static final int ENC_PLAIN_DICTIONARY = 2;
  private static final int ENC_RLE = 3;
  private static final int ENC_RLE_DICTIONARY = 8;
  private static final int CODEC_UNCOMPRESSED = 0;
  private static final int CODEC_SNAPPY = 1;
  private static final int CODEC_GZIP = 2;
  private static final int PAGE_DATA = 0;
  private static final int PAGE_INDEX = 1;
  private static final int PAGE_DICTIONARY = 2;
  private static final int PAGE_DATA_V2 = 3;

  private final byte[] file;
  private final Map<String, String> keyValues;
  /** Top-level primitive columns by name: {type, repetition}. */
  private final Map<String, int[]> columns;
  private final List<RowGroup> rowGroups;

  private LeanParquet(byte[] file, Map<String, String> keyValues, Map<String, int[]> columns,
      List<RowGroup> rowGroups) {
    this.file = file;
    this.keyValues = keyValues;
    this.columns = columns;
    this.rowGroups = rowGroups;
  }

  private record RowGroup(long rows, Map<String, Chunk> chunks) {}

  private record Chunk(int type, int codec, long values, long start, long length) {}

  /**
   * Parses the footer of {@code file} (read in place: do not change it while reading).
   *
   * @throws LeanParquetException if the file is not plain, unencrypted Parquet with a footer this reader parses
   */
  public static LeanParquet open(byte[] file) {
    int n = file.length;
    if (n < 12 || !magicAt(file, 0) || !magicAt(file, n - 4)) {
      throw new LeanParquetException("no PAR1 magic at both ends");
    }
    int footerLen = le32(file, n - 8);
    if (footerLen <= 0 || footerLen > n - 12) {
      throw new LeanParquetException("footer length " + footerLen + " in a file of " + n + " bytes");
    }
    ThriftCompact t = new ThriftCompact(file, n - 8 - footerLen, n - 8);
    Map<String, String> kv = new LinkedHashMap<>();
    Map<String, int[]> cols = new HashMap<>();
    List<RowGroup> groups = new ArrayList<>();
    boolean schemaSeen = false;
    t.beginStruct();
    for (int f; (f = t.nextField()) >= 0; ) {
      switch (f) {
        case 2 -> {
          readSchema(t, cols);
          schemaSeen = true;
        }
        case 4 -> {
          int k = t.readListHeader();
          for (int i = 0; i < k; i++) {
            groups.add(readRowGroup(t, n));
          }
        }
        case 5 -> {
          int k = t.readListHeader();
          for (int i = 0; i < k; i++) {
            t.beginStruct();
            String key = null;
            String value = null;
            for (int g; (g = t.nextField()) >= 0; ) {
              if (g == 1) {
                key = t.readString();
              } else if (g == 2) {
                value = t.readString();
              } else {
                t.skipField();
              }
            }
            t.endStruct();
            if (key != null) {
              kv.put(key, value);
            }
          }
        }
        case 8, 9 -> throw new LeanParquetException("encrypted footer fields");
        default -> t.skipField();
      }
    }
    if (!schemaSeen) {
      throw new LeanParquetException("footer without a schema");
    }
    long total = 0;
    for (RowGroup g : groups) {
      // every row of a shard takes bytes (its id and record are PLAIN, length-prefixed): more rows than bytes is
      // damage or another writer, and would only make us allocate for it
      total += g.rows;
      if (total > n) {
        throw new LeanParquetException("row groups claim " + total + " rows in " + n + " bytes");
      }
      for (Map.Entry<String, Chunk> c : g.chunks.entrySet()) {
        int[] col = cols.get(c.getKey());
        if (col != null && col[0] != c.getValue().type) {
          throw new LeanParquetException("column " + c.getKey() + " has type " + c.getValue().type
              + " in a row group, " + col[0] + " in the schema");
        }
      }
    }
    return new LeanParquet(file, kv, cols, groups);
  }

  private static void readSchema(ThriftCompact t, Map<String, int[]> cols) {
    int k = t.readListHeader();
    // element 0 is the root; its direct children follow, each group followed by its own subtree
    int pendingInGroup = 0;
    int rootChildren = -1;
    int seenTop = 0;
    for (int i = 0; i < k; i++) {
      t.beginStruct();
      int type = -1;
      int rep = -1;
      String name = null;
      int children = 0;
      for (int f; (f = t.nextField()) >= 0; ) {
        switch (f) {
          case 1 -> type = t.readI32();
          case 3 -> rep = t.readI32();
          case 4 -> name = t.readString();
          case 5 -> children = t.readI32();
          default -> t.skipField();
        }
      }
      t.endStruct();
      if (i == 0) {
        rootChildren = children;
        continue;
      }
      if (children < 0) {
        throw new LeanParquetException("negative child count in the schema");
      }
      if (pendingInGroup > 0) {
        // inside a nested group (the attributes group): not a top-level column; count its subtree
        pendingInGroup += children - 1;
        continue;
      }
      seenTop++;
      if (children > 0) {
        pendingInGroup = children;
        continue;
      }
      if (name == null || type < 0 || (rep != REQUIRED && rep != OPTIONAL)) {
        // repeated or unnamed top-level columns are outside the subset
        if (name != null) {
          cols.put(name, new int[] {-1, rep});
        }
        continue;
      }
      cols.put(name, new int[] {type, rep});
    }
    if (rootChildren != seenTop || pendingInGroup != 0) {
      throw new LeanParquetException("schema tree does not add up: root has " + rootChildren + " children, found "
          + seenTop);
    }
  }

  private static RowGroup readRowGroup(ThriftCompact t, int fileLen) {
    t.beginStruct();
    long rows = -1;
    Map<String, Chunk> chunks = new HashMap<>();
    for (int f; (f = t.nextField()) >= 0; ) {
      if (f == 1) {
        int k = t.readListHeader();
        for (int i = 0; i < k; i++) {
          readChunk(t, fileLen, chunks);
        }
      } else if (f == 3) {
        rows = t.readI64();
      } else {
        t.skipField();
      }
    }
    t.endStruct();
    if (rows < 0 || rows > Integer.MAX_VALUE) {
      throw new LeanParquetException("row group without a valid row count: " + rows);
    }
    return new RowGroup(rows, chunks);
  }

  private static void readChunk(ThriftCompact t, int fileLen, Map<String, Chunk> chunks) {
    t.beginStruct();
    Chunk chunk = null;
    String path = null;
    for (int f; (f = t.nextField()) >= 0; ) {
      switch (f) {
        case 1 -> throw new LeanParquetException("column chunk in another file");
        case 3 -> {
          t.readStruct();
          int type = -1;
          int codec = -1;
          long values = -1;
          long size = -1;
          long dataOffset = -1;
          long dictOffset = -1;
          List<String> parts = new ArrayList<>();
          for (int g; (g = t.nextField()) >= 0; ) {
            switch (g) {
              case 1 -> type = t.readI32();
              case 3 -> {
                int k = t.readListHeader();
                for (int i = 0; i < k; i++) {
                  parts.add(t.readStringElement());
                }
              }
              case 4 -> codec = t.readI32();
              case 5 -> values = t.readI64();
              case 7 -> size = t.readI64();
              case 9 -> dataOffset = t.readI64();
              case 11 -> dictOffset = t.readI64();
              default -> t.skipField();
            }
          }
          t.endStruct();
          long start = dictOffset > 0 && dictOffset < dataOffset ? dictOffset : dataOffset;
          if (type < 0 || codec < 0 || values < 0 || size < 0 || start < 4 || start + size > fileLen - 8) {
            throw new LeanParquetException("column chunk metadata out of range");
          }
          if (parts.size() == 1) {
            path = parts.get(0);
            chunk = new Chunk(type, codec, values, start, size);
          }
        }
        case 8, 9 -> throw new LeanParquetException("encrypted column");
        default -> t.skipField();
      }
    }
    t.endStruct();
    if (path != null && chunks.put(path, chunk) != null) {
      throw new LeanParquetException("two chunks for column " + path);
    }
  }

  /** The file's key-value metadata. */
  public Map<String, String> keyValueMetadata() {
    return keyValues;
  }

  /** Number of row groups. */
  public int rowGroupCount() {
    return rowGroups.size();
  }

  /** Rows in row group {@code g}. */
  public int rowCount(int g) {
    return (int) rowGroups.get(g).rows;
  }

  /** Whether the file has a top-level column of this name (of any type). */
  public boolean hasColumn(String name) {
    return columns.containsKey(name);
  }

  /**
   * Reads a BYTE_ARRAY column of row group {@code g} as UTF-8 text: row {@code r} goes to
   * {@code out[target[r]]} unless {@code target[r] < 0}; null values stay null.
   */
  public void readStrings(int g, String column, int[] target, String[] out) {
    new ColumnDecoder(chunk(g, column, TYPE_BYTE_ARRAY), rowCount(g), maxDef(column)).binaries(target, out, null);
  }

  /** Reads a BYTE_ARRAY column of row group {@code g} as bytes, as {@link #readStrings}. */
  public void readBytes(int g, String column, int[] target, byte[][] out) {
    new ColumnDecoder(chunk(g, column, TYPE_BYTE_ARRAY), rowCount(g), maxDef(column)).binaries(target, null, out);
  }

  /** Reads an INT32 column of row group {@code g} as {@link #readStrings}; null values become {@code ifNull}. */
  public void readInts(int g, String column, int[] target, int[] out, int ifNull) {
    new ColumnDecoder(chunk(g, column, TYPE_INT32), rowCount(g), maxDef(column)).numbers(target, out, null, ifNull);
  }

  /** Reads an INT64 column of row group {@code g} as {@link #readStrings}; null values become {@code ifNull}. */
  public void readLongs(int g, String column, int[] target, long[] out, long ifNull) {
    new ColumnDecoder(chunk(g, column, TYPE_INT64), rowCount(g), maxDef(column)).numbers(target, null, out, ifNull);
  }

  private int maxDef(String column) {
    return columns.get(column)[1] == OPTIONAL ? 1 : 0;
  }

  private Chunk chunk(int g, String column, int type) {
    int[] col = columns.get(column);
    if (col == null || col[0] != type) {
      throw new LeanParquetException("no top-level column " + column + " of type " + type);
    }
    Chunk c = rowGroups.get(g).chunks.get(column);
    if (c == null) {
      throw new LeanParquetException("row group " + g + " has no chunk for column " + column);
    }
    if (c.values != rowGroups.get(g).rows) {
      throw new LeanParquetException("column " + column + " holds " + c.values + " values for "
          + rowGroups.get(g).rows + " rows");
    }
    if (c.codec != CODEC_UNCOMPRESSED && c.codec != CODEC_SNAPPY && c.codec != CODEC_GZIP) {
      throw new LeanParquetException("codec " + c.codec);
    }
    return c;
  }

  /** Walks the pages of one column chunk, delivering each row's value to its target slot. */
  private final class ColumnDecoder {
    private final Chunk chunk;
    private final int rows;
    private final int maxDef;
    private int pos;
    private final int end;
    /** Dictionary values: offsets and lengths into dictBuf (BYTE_ARRAY) or the values themselves (ints). */
    private byte[] dictBuf;
    private int[] dictOff;
    private int[] dictLen;
    private long[] dictNum;
    private String[] dictStrings;
    private int row;

    ColumnDecoder(Chunk chunk, int rows, int maxDef) {
      this.chunk = chunk;
      this.rows = rows;
      this.maxDef = maxDef;
      this.pos = (int) chunk.start;
      this.end = (int) (chunk.start + chunk.length);
    }

    void binaries(int[] target, String[] strings, byte[][] bytes) {
      while (row < rows) {
        Page p = nextDataPage();
        int v = p.valuesAt;
        byte[] buf = p.buf;
        if (p.dictionary) {
          Rle idx = p.indices(dictOff == null ? 0 : dictOff.length);
          for (int i = 0; i < p.count; i++, row++) {
            if (!p.present(i)) {
              continue;
            }
            int d = idx.next();
            int o = target[row];
            if (o >= 0) {
              if (strings != null) {
                if (dictStrings[d] == null) {
                  dictStrings[d] = new String(dictBuf, dictOff[d], dictLen[d], StandardCharsets.UTF_8);
                }
                strings[o] = dictStrings[d];
              } else {
                bytes[o] = Arrays.copyOfRange(dictBuf, dictOff[d], dictOff[d] + dictLen[d]);
              }
            }
          }
        } else {
          for (int i = 0; i < p.count; i++, row++) {
            if (!p.present(i)) {
              continue;
            }
            if (4 > p.end - v) {
              throw new LeanParquetException("value runs past its page");
            }
            int len = le32(buf, v);
            v += 4;
            if (len < 0 || len > p.end - v) {
              throw new LeanParquetException("value of " + len + " bytes runs past its page");
            }
            int o = target[row];
            if (o >= 0) {
              if (strings != null) {
                strings[o] = new String(buf, v, len, StandardCharsets.UTF_8);
              } else {
                bytes[o] = Arrays.copyOfRange(buf, v, v + len);
              }
            }
            v += len;
          }
        }
      }
      finish();
    }

    /** INT32 or INT64 values (by the chunk's type) into {@code ints} or {@code longs}, whichever is given. */
    void numbers(int[] target, int[] ints, long[] longs, long ifNull) {
      int width = chunk.type == TYPE_INT32 ? 4 : 8;
      while (row < rows) {
        Page p = nextDataPage();
        Rle idx = p.dictionary ? p.indices(dictNum == null ? 0 : dictNum.length) : null;
        int v = p.valuesAt;
        for (int i = 0; i < p.count; i++, row++) {
          long x = ifNull;
          if (p.present(i)) {
            if (idx != null) {
              x = dictNum[idx.next()];
            } else {
              if (width > p.end - v) {
                throw new LeanParquetException("value runs past its page");
              }
              x = width == 4 ? le32(p.buf, v) : (le32(p.buf, v) & 0xffffffffL) | ((long) le32(p.buf, v + 4) << 32);
              v += width;
            }
          }
          int o = target[row];
          if (o >= 0) {
            if (ints != null) {
              ints[o] = (int) x;
            } else {
              longs[o] = x;
            }
          }
        }
      }
      finish();
    }

    private void finish() {
      if (row != rows) {
        throw new LeanParquetException("pages hold " + row + " values for " + rows + " rows");
      }
    }

    /** The next data page, reading a dictionary page and skipping index pages on the way. */
    private Page nextDataPage() {
      while (true) {
        if (pos >= end) {
          throw new LeanParquetException("column chunk ends after " + row + " of " + rows + " values");
        }
        ThriftCompact t = new ThriftCompact(file, pos, end);
        int type = -1;
        int uncompressed = -1;
        int compressed = -1;
        int numValues = -1;
        int encoding = -1;
        int defEncoding = -1;
        int dictValues = -1;
        t.beginStruct();
        for (int f; (f = t.nextField()) >= 0; ) {
          switch (f) {
            case 1 -> type = t.readI32();
            case 2 -> uncompressed = t.readI32();
            case 3 -> compressed = t.readI32();
            case 5, 7 -> {
              t.readStruct();
              for (int g; (g = t.nextField()) >= 0; ) {
                if (g == 1) {
                  if (f == 7) {
                    dictValues = t.readI32();
                  } else {
                    numValues = t.readI32();
                  }
                } else if (g == 2) {
                  encoding = t.readI32();
                } else if (f == 5 && g == 3) {
                  defEncoding = t.readI32();
                } else {
                  t.skipField();
                }
              }
              t.endStruct();
            }
            default -> t.skipField();
          }
        }
        t.endStruct();
        int body = t.position();
        if (compressed < 0 || uncompressed < 0 || compressed > end - body) {
          throw new LeanParquetException("page of " + compressed + " bytes runs past its column chunk");
        }
        pos = body + compressed;
        switch (type) {
          case PAGE_INDEX -> { }
          case PAGE_DICTIONARY -> readDictionary(body, compressed, uncompressed, dictValues, encoding);
          case PAGE_DATA -> {
            if (numValues < 0 || numValues > rows - row) {
              throw new LeanParquetException("data page of " + numValues + " values");
            }
            byte[] buf = decompress(body, compressed, uncompressed);
            int at = buf == file ? body : 0;
            int pageEnd = at + uncompressed;
            Page p = new Page(buf, pageEnd, numValues, isDictionary(encoding));
            int v = at;
            if (maxDef > 0) {
              if (defEncoding != ENC_RLE || 4 > pageEnd - v) {
                throw new LeanParquetException("definition levels encoded " + defEncoding);
              }
              int len = le32(buf, v);
              if (len < 0 || len > pageEnd - v - 4) {
                throw new LeanParquetException("definition levels of " + len + " bytes");
              }
              p.levels(new Rle(buf, v + 4, v + 4 + len, 1));
              v += 4 + len;
            }
            p.values(v);
            return p;
          }
          case PAGE_DATA_V2 -> throw new LeanParquetException("data page v2 (our writer writes v1)");
          default -> throw new LeanParquetException("page type " + type);
        }
      }
    }

    private boolean isDictionary(int encoding) {
      if (encoding == ENC_PLAIN_DICTIONARY || encoding == ENC_RLE_DICTIONARY) {
        if (dictOff == null && dictNum == null) {
          throw new LeanParquetException("dictionary-encoded page without a dictionary");
        }
        return true;
      }
      if (encoding != ENC_PLAIN) {
        throw new LeanParquetException("encoding " + encoding);
      }
      return false;
    }

    private void readDictionary(int body, int compressed, int uncompressed, int n, int encoding) {
      if (encoding != ENC_PLAIN && encoding != ENC_PLAIN_DICTIONARY) {
        throw new LeanParquetException("dictionary encoded " + encoding);
      }
      if (n < 0 || n > uncompressed) {
        throw new LeanParquetException("dictionary of " + n + " values in " + uncompressed + " bytes");
      }
      byte[] buf = decompress(body, compressed, uncompressed);
      int v = buf == file ? body : 0;
      int e = v + uncompressed;
      if (chunk.type == TYPE_BYTE_ARRAY) {
        dictBuf = buf;
        dictOff = new int[n];
        dictLen = new int[n];
        dictStrings = new String[n];
        for (int i = 0; i < n; i++) {
          if (4 > e - v) {
            throw new LeanParquetException("dictionary value runs past its page");
          }
          int len = le32(buf, v);
          v += 4;
          if (len < 0 || len > e - v) {
            throw new LeanParquetException("dictionary value runs past its page");
          }
          dictOff[i] = v;
          dictLen[i] = len;
          v += len;
        }
      } else {
        int w = chunk.type == TYPE_INT32 ? 4 : 8;
        if ((long) n * w > e - v) {
          throw new LeanParquetException("dictionary runs past its page");
        }
        dictNum = new long[n];
        for (int i = 0; i < n; i++, v += w) {
          dictNum[i] = w == 4 ? le32(buf, v) : (le32(buf, v) & 0xffffffffL) | ((long) le32(buf, v + 4) << 32);
        }
      }
    }

    /** The page's bytes: the file itself for uncompressed pages, else a new array. */
    private byte[] decompress(int from, int len, int uncompressed) {
      // Snappy expands at most ~21x, deflate ~1,032x: a larger claim is damage, not a page to allocate for
      long limit = chunk.codec == CODEC_SNAPPY ? 24L * len + 64 : 1040L * len + 1024;
      if (uncompressed > limit) {
        throw new LeanParquetException("page of " + len + " bytes claims " + uncompressed + " uncompressed");
      }
      switch (chunk.codec) {
        case CODEC_UNCOMPRESSED -> {
          if (len != uncompressed) {
            throw new LeanParquetException("uncompressed page sizes differ");
          }
          return file;
        }
        case CODEC_SNAPPY -> {
          return Snappy.decompress(file, from, len, uncompressed);
        }
        default -> {
          byte[] out = new byte[uncompressed];
          try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file, from, len))) {
            int n = in.readNBytes(out, 0, uncompressed);
            if (n != uncompressed || in.read() >= 0) {
              throw new LeanParquetException("GZIP page does not hold " + uncompressed + " bytes");
            }
          } catch (IOException e) {
            throw new LeanParquetException("GZIP page: " + e);
          }
          return out;
        }
      }
    }
  }

  /** One data page: its bytes, definition levels and where its values start. */
  private static final class Page {
    final byte[] buf;
    final int end;
    final int count;
    final boolean dictionary;
    int valuesAt;
    private boolean[] present;

    Page(byte[] buf, int end, int count, boolean dictionary) {
      this.buf = buf;
      this.end = end;
      this.count = count;
      this.dictionary = dictionary;
    }

    void levels(Rle defs) {
      present = new boolean[count];
      for (int i = 0; i < count; i++) {
        int d = defs.next();
        if (d > 1) {
          throw new LeanParquetException("definition level " + d + " above the maximum 1");
        }
        present[i] = d == 1;
      }
    }

    void values(int at) {
      if (at > end) {
        throw new LeanParquetException("values start past the page end");
      }
      valuesAt = at;
    }

    boolean present(int i) {
      return present == null || present[i];
    }

    /** The dictionary indices of a dictionary-encoded page, checked against the dictionary's size. */
    Rle indices(int dictSize) {
      if (valuesAt >= end) {
        int nonNull = 0;
        for (int i = 0; i < count; i++) {
          nonNull += present(i) ? 1 : 0;
        }
        if (nonNull == 0) {
          return new Rle(buf, valuesAt, valuesAt, 0).bounded(dictSize);
        }
        throw new LeanParquetException("dictionary page without index bit width");
      }
      int width = buf[valuesAt] & 0xff;
      if (width > 32) {
        throw new LeanParquetException("index bit width " + width);
      }
      return new Rle(buf, valuesAt + 1, end, width).bounded(dictSize);
    }
  }

  /** Parquet's RLE / bit-packed hybrid decoder for values of {@code width} bits. */
  private static final class Rle {
    private final byte[] b;
    private int p;
    private final int end;
    private final int width;
    private int bound = Integer.MAX_VALUE;
    private int runLeft;
    private int runValue;
    private int packedLeft;
    private int bitPos;

    Rle(byte[] b, int from, int end, int width) {
      this.b = b;
      this.p = from;
      this.end = end;
      this.width = width;
    }

    Rle bounded(int size) {
      bound = size;
      return this;
    }

    int next() {
      if (runLeft == 0 && packedLeft == 0) {
        header();
      }
      int v;
      if (runLeft > 0) {
        runLeft--;
        v = runValue;
      } else {
        packedLeft--;
        v = 0;
        for (int i = 0; i < width; i++, bitPos++) {
          v |= ((b[p + (bitPos >>> 3)] >>> (bitPos & 7)) & 1) << i;
        }
        if (packedLeft == 0) {
          p += (bitPos + 7) >>> 3;
          bitPos = 0;
        }
      }
      if (v < 0 || v >= bound) {
        throw new LeanParquetException("dictionary index " + v + " outside a dictionary of " + bound);
      }
      return v;
    }

    private void header() {
      if (p >= end) {
        throw new LeanParquetException("RLE data runs out");
      }
      long read = uvarint(b, p, end);
      long h = read >>> 3;
      p += (int) (read & 7);
      if ((h & 1) == 0) {
        long run = h >>> 1;
        int bytes = (width + 7) >>> 3;
        if (run == 0 || run > Integer.MAX_VALUE || bytes > end - p) {
          throw new LeanParquetException("bad RLE run");
        }
        runLeft = (int) run;
        runValue = 0;
        for (int i = 0; i < bytes; i++) {
          runValue |= (b[p++] & 0xff) << (8 * i);
        }
      } else {
        long groups = h >>> 1;
        // a bit-packed run holds groups of 8 values; the last one may be padding beyond the page's values
        if (groups == 0 || groups > Integer.MAX_VALUE / 8 || groups * width > end - p) {
          throw new LeanParquetException("bit-packed run of " + groups + " groups runs past the end");
        }
        packedLeft = (int) (groups * 8);
        bitPos = 0;
      }
    }
  }

  /**
   * An unsigned varint of at most 5 bytes at {@code b[p]}: its value shifted left by 3, or'ed with the number of
   * bytes it took.
   */
  static long uvarint(byte[] b, int p, int end) {
    long v = 0;
    for (int i = 0; i < 5; i++) {
      if (p + i >= end) {
        break;
      }
      byte x = b[p + i];
      v |= (long) (x & 0x7f) << (7 * i);
      if (x >= 0) {
        return v << 3 | (i + 1);
      }
    }
    throw new LeanParquetException("bad varint at byte " + p);
  }

  private static boolean magicAt(byte[] b, int at) {
    for (int i = 0; i < 4; i++) {
      if (b[at + i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static int le32(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
  }
}
