package dev.datamgmt.core.repo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.hash.ContentHash;
import dev.datamgmt.core.json.Json;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.label.Label;
import dev.datamgmt.core.record.BlobRef;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes and reads a version's record table as Parquet; the column layout is specified in FORMAT.md
 * ("Manifests"). Nested parts (label, blobs, attributes) are JSON text columns so that every record round-trips
 * exactly; the main blob and class labels also get plain columns so that tools can filter without parsing JSON.
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

  private static final String[] REQUIRED = {"id", "split"};

  private static final ObjectWriter LABEL_WRITER = Json.mapper().writerFor(Label.class);
  private static final ObjectReader LABEL_READER = Json.mapper().readerFor(Label.class);
  private static final TypeReference<SortedMap<String, BlobRef>> BLOBS_TYPE = new TypeReference<>() {};
  private static final ObjectWriter BLOBS_WRITER = Json.mapper().writerFor(BLOBS_TYPE);
  private static final ObjectReader BLOBS_READER = Json.mapper().readerFor(BLOBS_TYPE);
  private static final TypeReference<SortedMap<String, Object>> ATTRS_TYPE = new TypeReference<>() {};
  private static final ObjectWriter ATTRS_WRITER = Json.mapper().writerFor(ATTRS_TYPE);
  private static final ObjectReader ATTRS_READER = Json.mapper().readerFor(ATTRS_TYPE);

  private ManifestCodec() {}

  /** Encodes records, which must already be sorted by id without duplicates. */
  static byte[] write(List<Record> sortedRecords) {
    ParquetBytes.Output out = new ParquetBytes.Output();
    try (ParquetWriter<Record> writer = new Builder(out)
        .withConf(new PlainParquetConfiguration())
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withExtraMetaData(Map.of(FORMAT_KEY, FORMAT_VERSION))
        .build()) {
      for (Record r : sortedRecords) {
        writer.write(r);
      }
    } catch (IOException e) {
      // Nothing here touches a disk or network; an IOException is a bug, not an environmental failure.
      throw new IllegalStateException("writing a manifest in memory failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a manifest.
   *
   * @param location the manifest's key, for messages
   * @throws UnsupportedFormatException if the bytes are not a manifest of a format this library reads
   * @throws IntegrityException if a row cannot be decoded
   */
  static List<Record> read(byte[] data, String location) throws UnsupportedFormatException, IntegrityException {
    List<Record> records = new ArrayList<>();
    try (ParquetFileReader reader = ParquetFileReader.open(new ParquetBytes.Input(data),
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      String format = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(FORMAT_KEY);
      if (!FORMAT_VERSION.equals(format)) {
        throw new UnsupportedFormatException("unsupported manifest format", location,
            FORMAT_KEY + "=" + FORMAT_VERSION, format == null ? "no " + FORMAT_KEY + " metadata" : format);
      }
      for (String column : REQUIRED) {
        if (!schema.containsField(column)) {
          throw new UnsupportedFormatException("manifest lacks a column", location, "column " + column,
              "columns " + schema.getFields().stream().map(org.apache.parquet.schema.Type::getName).toList());
        }
      }
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> rows = io.getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0, n = pages.getRowCount(); i < n; i++) {
          records.add(decode(rows.read(), location, records.size()));
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new UnsupportedFormatException("unreadable manifest", location, "a Parquet manifest",
          e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    for (int i = 1; i < records.size(); i++) {
      if (records.get(i - 1).id().compareTo(records.get(i).id()) >= 0) {
        throw new IntegrityException("manifest rows out of order", location + ", row " + i,
            "ids strictly ascending", "\"" + records.get(i - 1).id() + "\" then \"" + records.get(i).id() + "\"");
      }
    }
    return records;
  }

  private static String string(Group g, String field) {
    GroupType t = g.getType();
    if (!t.containsField(field) || g.getFieldRepetitionCount(field) == 0) {
      return null;
    }
    return g.getString(field, 0);
  }

  private static Record decode(Group g, String location, int row) throws IntegrityException {
    String id = string(g, "id");
    try {
      Record.Builder b = Record.builder(id).optSplit(Split.of(string(g, "split")));
      String label = string(g, "label_json");
      if (label != null) {
        b.optLabel(LABEL_READER.readValue(label));
      }
      String blobs = string(g, "blobs_json");
      if (blobs != null) {
        Map<String, BlobRef> m = BLOBS_READER.readValue(blobs);
        m.forEach(b::addBlob);
      }
      String attrs = string(g, "attributes_json");
      if (attrs != null) {
        Map<String, Object> m = ATTRS_READER.readValue(attrs);
        m.forEach(b::addAttribute);
      }
      return b.build();
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new IntegrityException("undecodable manifest row", location + ", row " + row + " (id " + id + ")",
          "a record per FORMAT.md", detail, e);
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Record, Builder> {
    Builder(OutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Record> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return new RecordWriteSupport();
    }

    @Override
    protected WriteSupport<Record> getWriteSupport(ParquetConfiguration conf) {
      return new RecordWriteSupport();
    }
  }

  private static final class RecordWriteSupport extends WriteSupport<Record> {
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

    private void string(int index, String name, String value) {
      if (value != null) {
        out.startField(name, index);
        out.addBinary(Binary.fromString(value));
        out.endField(name, index);
      }
    }

    @Override
    public void write(Record r) {
      try {
        out.startMessage();
        string(0, "id", r.id());
        string(1, "split", r.split().name());
        BlobRef data = r.blob().orElse(null);
        if (data != null) {
          string(2, "data_hash", data.hash().toString());
          out.startField("data_size", 3);
          out.addLong(data.size());
          out.endField("data_size", 3);
          string(4, "data_media_type", data.mediaType());
        }
        Label label = r.label().orElse(null);
        if (label != null) {
          string(5, "label_type", labelType(label));
          if (label instanceof ClassLabel c) {
            out.startField("label_class", 6);
            out.addInteger(c.index());
            out.endField("label_class", 6);
          }
          string(7, "label_json", LABEL_WRITER.writeValueAsString(label));
        }
        if (!r.blobs().isEmpty()) {
          string(8, "blobs_json", BLOBS_WRITER.writeValueAsString(r.blobs()));
        }
        if (!r.attributes().isEmpty()) {
          string(9, "attributes_json", ATTRS_WRITER.writeValueAsString(r.attributes()));
        }
        out.endMessage();
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot encode record " + r.id() + ": " + e.getOriginalMessage(), e);
      }
    }
  }

  /** The {@code "type"} name a label has in JSON (see {@link Label}). */
  static String labelType(Label label) {
    switch (label.kind()) {
      case CLASS:
        return "class";
      case MULTI_LABEL:
        return "multi";
      case BOXES:
        return "boxes";
      case KEYPOINTS:
        return "keypoints";
      case MASK:
        return "mask";
      case TEXT:
        return "text";
      default:
        throw new IllegalArgumentException("unknown label kind " + label.kind());
    }
  }

  /** The content hash of encoded manifest bytes; the manifest's name. */
  static ContentHash hash(byte[] data) {
    return ContentHash.of(data);
  }
}
