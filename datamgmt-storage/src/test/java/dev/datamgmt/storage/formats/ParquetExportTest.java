package dev.datamgmt.storage.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.storage.formats.idx.Idx;
import dev.datamgmt.storage.formats.idx.IdxDataset;
import dev.datamgmt.storage.formats.idx.IdxImages;
import dev.datamgmt.storage.shard.ShardFile;
import dev.datamgmt.storage.shard.ShardSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetExportTest {
  @TempDir Path dir;

  @Test
  void idxImport_thenParquetExport_isReadableByDuckDbAndBackByUs() throws Exception {
    byte[] px = new byte[6 * 4 * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 5);
    }
    IdxDataset idx = new IdxDataset(IdxImages.of(6, 4, 3, px), new int[] {0, 1, 2, 0, 1, 2});
    InMemoryDataset ds = new InMemoryDataset();
    Idx.importTo(idx, "train", Split.TRAIN, List.of("a", "b", "c"), ds);
    // the PNG blobs decode back to the IDX pixels
    byte[] decoded = new byte[12];
    dev.datamgmt.storage.internal.image.ImageDecoder.decode(ds.read(ds.records().get(4).blob().orElseThrow()), "image/png",
        1, 4, 3, dev.datamgmt.storage.reader.ImageLayout.CHW, decoded, 0, "r");
    assertThat(decoded).isEqualTo(idx.images().image(4));

    ShardSet set = ParquetExport.export(ds.records(), ds, dir, "v1", 1 << 20);
    assertThat(Files.exists(dir.resolve("shardsets/v1.json"))).isTrue();
    List<Record> back = new ArrayList<>();
    for (var s : set.shards()) {
      back.addAll(ShardFile.readRecords(Files.readAllBytes(dir.resolve(s.key())), s.key()));
    }
    assertThat(back).isEqualTo(ds.records());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), count(data), sum(label_class) FROM read_parquet('"
            + dir.resolve("shards") + "/*.parquet')")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(6);
      assertThat(rs.getLong(2)).isEqualTo(6);
      assertThat(rs.getLong(3)).isEqualTo(6);
    }
  }
}
