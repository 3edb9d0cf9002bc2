package dev.datamgmt.storage.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.storage.formats.csv.LabelTable;
import dev.datamgmt.storage.ingest.DirectoryIngest;
import dev.datamgmt.storage.repo.Repository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A label table reads the same through both doors — {@link DirectoryIngest}'s table rule and the
 * {@link LabelTable} importer — and the same malformed file fails with the same exception type and message.
 */
class LabelTableDoorsTest {
  @TempDir Path tmp;
  Path root;
  Path table;
  InMemoryBlobStore store;
  Repository repo;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(root.resolve("a.png"), "a");
    Files.writeString(root.resolve("b.png"), "b");
    table = tmp.resolve("labels.csv");
    store = new InMemoryBlobStore();
    repo = Repository.init(store);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private DataException throughIngest() {
    return catchThrowableOfType(DataException.class, () -> DirectoryIngest.builder().setRoot(root)
        .optLabelTable(table).build().commit(repo.commit("main").setMessage("m")));
  }

  private DataException throughImporter() {
    return catchThrowableOfType(DataException.class, () -> LabelTable.builder().setIdColumn("path")
        .optLabelColumn("label").optImageDir(root).build().importCsv(table, new InMemoryDataset()));
  }

  @Test
  void anExcelCsvWithAByteOrderMark_readsThroughBothDoors() throws Exception {
    Files.write(table, "\uFEFFpath,label\r\na.png,zebra\r\nb.png,horse\r\n".getBytes(StandardCharsets.UTF_8));
    var v = DirectoryIngest.builder().setRoot(root).optLabelTable(table).build()
        .commit(repo.commit("main").setMessage("bom")).version();
    InMemoryDataset ds = new InMemoryDataset();
    LabelTable.builder().setIdColumn("path").optLabelColumn("label").optImageDir(root).build().importCsv(table, ds);
    assertThat(v.schema().orElseThrow().classNames()).containsExactly("horse", "zebra");
    assertThat(v.record("a.png").orElseThrow().label()).contains(ClassLabel.of(1));
    assertThat(ds.records()).extracting(r -> r.id() + "=" + r.label().orElseThrow())
        .containsExactly("a.png=" + ClassLabel.of(1), "b.png=" + ClassLabel.of(0));
    assertThat(ds.records().get(0).blob()).isEqualTo(v.record("a.png").orElseThrow().blob());
  }

  static List<Object[]> malformed() {
    return List.of(
        new Object[] {"a row with a cell too many", "path,label\na.png,x,extra\n".getBytes(StandardCharsets.UTF_8),
            InvalidDataException.class, ":2: expected 2 cells, as the header path,label, found 3 cells: a.png,x,extra"},
        new Object[] {"a row with a cell too few, after a BOM", "\uFEFFpath,label\na.png,x\nb.png\n"
            .getBytes(StandardCharsets.UTF_8), InvalidDataException.class, ":3: expected 2 cells"},
        new Object[] {"an unterminated quote", "path,label\n\"a.png,x\n".getBytes(StandardCharsets.UTF_8),
            UnsupportedFormatException.class, "unterminated quoted field at "},
        new Object[] {"text after a closing quote", "path,label\n\"a.png\"z,x\n".getBytes(StandardCharsets.UTF_8),
            UnsupportedFormatException.class, "text after a closing quote at "},
        new Object[] {"Latin-1 instead of UTF-8", new byte[] {'p', 'a', 't', 'h', ',', 'l', 'a', 'b', 'e', 'l', '\n',
            'a', ',', (byte) 0xe9, '\n'}, UnsupportedFormatException.class, "not UTF-8 text at "},
        new Object[] {"an empty file", new byte[0], InvalidDataException.class, "empty table at "});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void theSameMalformedTable_failsTheSameWayThroughBothDoors(String what, byte[] content,
      Class<? extends DataException> type, String messagePart) throws Exception {
    Files.write(table, content);
    DataException ingest = throughIngest();
    DataException importer = throughImporter();
    assertThat(ingest).as("ingest").isInstanceOf(type).hasMessageContaining(messagePart)
        .hasMessageContaining(table.toString());
    assertThat(importer).as("importer").isExactlyInstanceOf(ingest.getClass());
    assertThat(importer.getMessage()).isEqualTo(ingest.getMessage());
    assertThat(repo.head("main")).isEmpty();
  }

  @Test
  void aDirectoryOrAMissingFile_isNotFoundThroughBothDoors() throws Exception {
    table = tmp.resolve("nothing.csv");
    assertThat(throughIngest()).isInstanceOf(dev.datamgmt.core.error.NotFoundException.class)
        .hasMessageContaining("nothing.csv");
    assertThat(throughImporter().getMessage()).isEqualTo(throughIngest().getMessage());
  }
}
