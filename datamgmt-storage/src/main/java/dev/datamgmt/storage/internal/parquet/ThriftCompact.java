package dev.datamgmt.storage.internal.parquet;

import java.nio.charset.StandardCharsets;

/**
 * A reader of Thrift's compact protocol over a byte array: what Parquet's footer and page headers are written in
 * (parquet-format's {@code parquet.thrift}). It reads field headers and values and skips whatever the caller does
 * not ask for, so unknown and newer fields are passed over. Every read is bounds-checked: a damaged structure
 * throws {@link LeanParquetException}, never reads past {@code end}.
 */
final class ThriftCompact {
  static final int STOP = 0;
  static final int TRUE = 1;
  static final int FALSE = 2;
  static final int BYTE = 3;
  static final int I16 = 4;
  static final int I32 = 5;
  static final int I64 = 6;
  static final int DOUBLE = 7;
  static final int BINARY = 8;
  static final int LIST = 9;
  static final int SET = 10;
  static final int MAP = 11;
  static final int STRUCT = 12;
  /** Deeper nesting than any Parquet structure has is treated as damage (and bounds the recursion of skip). */
  private static final int MAX_DEPTH = 64;

  private final byte[] b;
  private int pos;
  private final int end;
  /** Field id of the last field header read, per struct level. */
  private final short[] lastField = new short[MAX_DEPTH];
  private int depth;
  /** Type of the field whose header was read last (its value comes next). */
  private int fieldType;

  ThriftCompact(byte[] b, int from, int end) {
    if (from < 0 || end > b.length || from > end) {
      throw new LeanParquetException("Thrift range [" + from + ", " + end + ") outside 0.." + b.length);
    }
    this.b = b;
    this.pos = from;
    this.end = end;
  }

  int position() {
    return pos;
  }

  /** Enters a struct (the file's top-level one or a STRUCT field just read). */
  void beginStruct() {
    if (depth == MAX_DEPTH - 1) {
      throw new LeanParquetException("Thrift structures nested deeper than " + MAX_DEPTH);
    }
    lastField[++depth] = 0;
  }

  void endStruct() {
    depth--;
  }

  /**
   * The next field's id, or -1 at the struct's end (the STOP byte is consumed). Its type is {@link #fieldType()}.
   */
  int nextField() {
    int h = readByte() & 0xff;
    int type = h & 0x0f;
    if (type == STOP) {
      return -1;
    }
    int delta = h >>> 4;
    short id = delta == 0 ? (short) zigzag32(readVarint()) : (short) (lastField[depth] + delta);
    lastField[depth] = id;
    fieldType = type;
    return id;
  }

  int fieldType() {
    return fieldType;
  }

  /** An I32 or I16 or BYTE field's value. */
  int readI32() {
    if (fieldType == BYTE) {
      return readByte();
    }
    expect(I32, I16);
    return zigzag32(readVarint());
  }

  long readI64() {
    if (fieldType == I32 || fieldType == I16) {
      return zigzag32(readVarint());
    }
    expect(I64, I64);
    return zigzag64(readVarint());
  }

  /** A BINARY field's value as UTF-8 text. */
  String readString() {
    expect(BINARY, BINARY);
    return utf8();
  }

  /** Enters a STRUCT field's value. */
  void readStruct() {
    expect(STRUCT, STRUCT);
    beginStruct();
  }

  /** A LIST or SET field's header: its size; the element type is then {@link #fieldType()}. */
  int readListHeader() {
    expect(LIST, SET);
    return listHeader();
  }

  /** The text of a list element of type BINARY. */
  String readStringElement() {
    return utf8();
  }

  /** A list element of type I32. */
  int readI32Element() {
    return zigzag32(readVarint());
  }

  /** Skips the value of the field whose header was read last. */
  void skipField() {
    skip(fieldType, 0);
  }

  private int listHeader() {
    int h = readByte() & 0xff;
    int size = h >>> 4;
    if (size == 15) {
      size = nonNegative(readVarint(), "list size");
    }
    fieldType = h & 0x0f;
    // each element takes at least one byte (booleans in lists do): a larger count is damage
    if (size > end - pos) {
      throw new LeanParquetException("list of " + size + " elements in " + (end - pos) + " bytes");
    }
    return size;
  }

  private void skip(int type, int level) {
    if (level > MAX_DEPTH) {
      throw new LeanParquetException("Thrift values nested deeper than " + MAX_DEPTH);
    }
    switch (type) {
      case TRUE, FALSE -> { }
      case BYTE -> readByte();
      case I16, I32, I64 -> readVarint();
      case DOUBLE -> advance(8);
      case BINARY -> advance(nonNegative(readVarint(), "binary length"));
      case LIST, SET -> {
        int n = listHeader();
        int et = fieldType;
        for (int i = 0; i < n; i++) {
          // a boolean inside a list is one byte, not part of a header
          if (et == TRUE || et == FALSE) {
            readByte();
          } else {
            skip(et, level + 1);
          }
        }
      }
      case MAP -> {
        int n = nonNegative(readVarint(), "map size");
        if (n > 0) {
          int kv = readByte() & 0xff;
          for (int i = 0; i < n; i++) {
            skipElement(kv >>> 4, level + 1);
            skipElement(kv & 0x0f, level + 1);
          }
        }
      }
      case STRUCT -> {
        beginStruct();
        while (nextField() >= 0) {
          skip(fieldType, level + 1);
        }
        endStruct();
      }
      default -> throw new LeanParquetException("unknown Thrift type " + type + " at byte " + pos);
    }
  }

  private void skipElement(int type, int level) {
    if (type == TRUE || type == FALSE) {
      readByte();
    } else {
      skip(type, level);
    }
  }

  private void expect(int a, int b2) {
    if (fieldType != a && fieldType != b2) {
      throw new LeanParquetException("expected Thrift type " + a + ", found " + fieldType + " at byte " + pos);
    }
  }

  private String utf8() {
    int n = nonNegative(readVarint(), "string length");
    int at = pos;
    advance(n);
    return new String(b, at, n, StandardCharsets.UTF_8);
  }

  private void advance(int n) {
    if (n > end - pos) {
      throw new LeanParquetException("Thrift value of " + n + " bytes runs past the end at byte " + pos);
    }
    pos += n;
  }

  private byte readByte() {
    if (pos >= end) {
      throw new LeanParquetException("Thrift structure runs past the end at byte " + pos);
    }
    return b[pos++];
  }

  private long readVarint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = readByte();
      v |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        return v;
      }
    }
    throw new LeanParquetException("varint longer than 10 bytes at byte " + pos);
  }

  private static int nonNegative(long v, String what) {
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new LeanParquetException(what + " out of range: " + v);
    }
    return (int) v;
  }

  private static int zigzag32(long v) {
    int n = (int) v;
    return (n >>> 1) ^ -(n & 1);
  }

  private static long zigzag64(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
