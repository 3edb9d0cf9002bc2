package dev.datamgmt.core.repo;

import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import dev.datamgmt.core.parquet.ParquetBytes;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Writes and reads a version's record table as Parquet; the column layout is specified in FORMAT.md
 * ("Manifests"). Nested parts (label, blobs, attributes) are JSON text columns so that every record round-trips
 * exactly; the main blob and class labels also get plain columns so that tools can filter without parsing JSON.
 * Reading goes column by column into {@link ManifestRow}s; records are decoded only when asked for.
 */
final class ManifestCodec {
  static final String FORMAT_KEY = "datamgmt.manifest.format";
  static final String FORMAT_VERSION = "1";

  static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message datamgmt_manifest {\n"
          + "  required binary id (STRING);\n"
          + "  required binary split (STRING);\n"
          + "  optional binary data_hash (STRING);\n"
          + "  optional int64 data_size;\n"
          + "  optional binary data_media_type (STRING);\n"
          + "  optional binary label_type (STRING);\n"
          + "  optional int32 label_class;\n"
          + "  optional binary label_json (STRING);\n"
          + "  optional binary blobs_json (STRING);\n"
          + "  optional binary attributes_json (STRING);\n"
          + "}");

  private static final String[] COLUMNS = {"id", "split", "data_hash", "data_size", "data_media_type",
      "label_type", "label_class", "label_json", "blobs_json", "attributes_json"};

  private ManifestCodec() {}

  /** Encodes rows, which must already be sorted by id without duplicates. */
  static byte[] write(List<ManifestRow> sortedRows) {
    ParquetBytes.Output out = new ParquetBytes.Output();
    try (ParquetWriter<ManifestRow> writer = new Builder(out)
        .withConf(new PlainParquetConfiguration())
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withCodecFactory(new ManifestCodecs())
        // unique per row: a dictionary would only be built and thrown away
        .withDictionaryEncoding("id", false)
        .withDictionaryEncoding("data_hash", false)
        .withDictionaryEncoding("blobs_json", false)
        // min/max statistics of hashes and JSON text help no reader and cost a comparison per value; ids keep
        // theirs (row groups of a large manifest can then be skipped when looking up an id)
        .withStatisticsEnabled(false)
        .withStatisticsEnabled("id", true)
        .withSizeStatisticsEnabled(false)
        .withExtraMetaData(Map.of(FORMAT_KEY, FORMAT_VERSION))
        .build()) {
      for (ManifestRow r : sortedRows) {
        writer.write(r);
      }
    } catch (IOException e) {
      // Nothing here touches a disk or network; an IOException is a bug, not an environmental failure.
      throw new IllegalStateException("writing a manifest in memory failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a manifest's rows (not yet the records).
   *
   * @param location the manifest's key, for messages
   * @throws UnsupportedFormatException if the bytes are not a manifest of a format this library reads
   * @throws IntegrityException if the rows are not in ascending id order
   */
  static List<ManifestRow> read(byte[] data, String location) throws UnsupportedFormatException, IntegrityException {
    List<ManifestRow> rows = new ArrayList<>();
    try (ParquetFileReader reader = ParquetFileReader.open(new ParquetBytes.Input(data),
        ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(new ManifestCodecs()).build())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      String format = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(FORMAT_KEY);
      if (!FORMAT_VERSION.equals(format)) {
        throw new UnsupportedFormatException("unsupported manifest format", location,
            FORMAT_KEY + "=" + FORMAT_VERSION, format == null ? "no " + FORMAT_KEY + " metadata" : format);
      }
      ColumnDescriptor[] descriptors = new ColumnDescriptor[COLUMNS.length];
      for (int c = 0; c < COLUMNS.length; c++) {
        String name = COLUMNS[c];
        if (schema.containsField(name)) {
          Type t = schema.getType(name);
          PrimitiveType.PrimitiveTypeName expected = SCHEMA.getType(name).asPrimitiveType().getPrimitiveTypeName();
          if (!t.isPrimitive() || t.asPrimitiveType().getPrimitiveTypeName() != expected || t.isRepetition(Type.Repetition.REPEATED)) {
            throw new UnsupportedFormatException("manifest column has the wrong type", location + ", column " + name,
                SCHEMA.getType(name).toString(), t.toString());
          }
          descriptors[c] = schema.getColumnDescription(new String[] {name});
        } else if (c < 2) {
          throw new UnsupportedFormatException("manifest lacks a column", location, "column " + name,
              "columns " + schema.getFields().stream().map(Type::getName).toList());
        }
      }
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        int n = Math.toIntExact(pages.getRowCount());
        ColumnReadStoreImpl columns = new ColumnReadStoreImpl(pages,
            new GroupRecordConverter(schema).getRootConverter(), schema, createdBy);
        Object[][] values = new Object[COLUMNS.length][];
        for (int c = 0; c < COLUMNS.length; c++) {
          values[c] = descriptors[c] == null ? new Object[n] : readColumn(columns.getColumnReader(descriptors[c]), n);
        }
        for (int i = 0; i < n; i++) {
          if (values[0][i] == null || values[1][i] == null) {
            throw new IntegrityException("manifest row lacks id or split", location + ", row " + (rows.size()),
                "non-null id and split", "null");
          }
          rows.add(new ManifestRow((String) values[0][i], (String) values[1][i], (String) values[2][i],
              (Long) values[3][i], (String) values[4][i], (String) values[5][i], (Integer) values[6][i],
              (String) values[7][i], (String) values[8][i], (String) values[9][i]));
        }
      }
    } catch (UnsupportedFormatException | IntegrityException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new UnsupportedFormatException("unreadable manifest", location, "a Parquet manifest",
          e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    for (int i = 1; i < rows.size(); i++) {
      if (rows.get(i - 1).id().compareTo(rows.get(i).id()) >= 0) {
        throw new IntegrityException("manifest rows out of order", location + ", row " + i,
            "ids strictly ascending", "\"" + rows.get(i - 1).id() + "\" then \"" + rows.get(i).id() + "\"");
      }
    }
    return rows;
  }

  private static Object[] readColumn(ColumnReader reader, int n) {
    Object[] out = new Object[n];
    ColumnDescriptor d = reader.getDescriptor();
    int maxDef = d.getMaxDefinitionLevel();
    PrimitiveType.PrimitiveTypeName type = d.getPrimitiveType().getPrimitiveTypeName();
    for (int i = 0; i < n; i++) {
      if (reader.getCurrentDefinitionLevel() == maxDef) {
        switch (type) {
          case INT64:
            out[i] = reader.getLong();
            break;
          case INT32:
            out[i] = reader.getInteger();
            break;
          default:
            out[i] = reader.getBinary().toStringUsingUTF8();
        }
      }
      reader.consume();
    }
    return out;
  }

  private static final class Builder extends ParquetWriter.Builder<ManifestRow, Builder> {
    Builder(OutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<ManifestRow> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return new RowWriteSupport();
    }

    @Override
    protected WriteSupport<ManifestRow> getWriteSupport(ParquetConfiguration conf) {
      return new RowWriteSupport();
    }
  }

  private static final class RowWriteSupport extends WriteSupport<ManifestRow> {
    private RecordConsumer out;

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
      return new WriteContext(SCHEMA, new HashMap<>());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(SCHEMA, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    private void string(int index, String value) {
      if (value != null) {
        out.startField(COLUMNS[index], index);
        out.addBinary(Binary.fromString(value));
        out.endField(COLUMNS[index], index);
      }
    }

    @Override
    public void write(ManifestRow r) {
      out.startMessage();
      string(0, r.id());
      string(1, r.split());
      string(2, r.dataHash());
      if (r.dataSize() != null) {
        out.startField(COLUMNS[3], 3);
        out.addLong(r.dataSize());
        out.endField(COLUMNS[3], 3);
      }
      string(4, r.dataMediaType());
      string(5, r.labelType());
      if (r.labelClass() != null) {
        out.startField(COLUMNS[6], 6);
        out.addInteger(r.labelClass());
        out.endField(COLUMNS[6], 6);
      }
      string(7, r.labelJson());
      string(8, r.blobsJson());
      string(9, r.attributesJson());
      out.endMessage();
    }
  }
}
