package dev.datamgmt.storage.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.blob.InMemoryBlobStore;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.storage.formats.InMemoryDataset;
import dev.datamgmt.storage.formats.imagefolder.ImageFolder;
import dev.datamgmt.storage.repo.DatasetVersion;
import dev.datamgmt.storage.repo.Repository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One label rule, the same labels through the ingest and through the ImageFolder importer. */
class LabelRuleTest {
  @TempDir Path tmp;
  Path root;
  InMemoryBlobStore store;
  Repository repo;

  /** The user's own rule: the class is the file name up to the first underscore ("cat_001.png" is a cat). */
  static final LabelRule BY_PREFIX = LabelRule.of("prefix", (path, file) -> {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int u = name.indexOf('_');
    if (u <= 0) {
      throw new InvalidDataException("no class prefix", path, "<class>_<name>", name);
    }
    return name.substring(0, u);
  });

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("data"));
    store = new InMemoryBlobStore();
    repo = Repository.init(store);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private void write(String rel, String content) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void aUserRule_labelsIngestAndImportAlike_andItsFailuresAreBadFiles() throws Exception {
    write("batch1/cat_001.png", "a");
    write("batch1/dog_002.png", "b");
    write("batch2/cat_003.png", "c");
    write("batch2/unnamed.png", "d");

    IngestResult r = DirectoryIngest.builder().setRoot(root).optLabelRule(BY_PREFIX)
        .optOnBadFile(DirectoryIngest.OnBadFile.SKIP).build().commit(repo.commit("main").setMessage("prefix"));
    DatasetVersion v = r.version();
    assertThat(v.schema().orElseThrow().classNames()).containsExactly("cat", "dog");
    assertThat(v.record("batch1/dog_002.png").orElseThrow().label()).contains(ClassLabel.of(1));
    assertThat(v.record("batch2/cat_003.png").orElseThrow().label()).contains(ClassLabel.of(0));
    assertThat(r.badFiles()).containsExactly(new BadFile("batch2/unnamed.png",
        "no class prefix: expected <class>_<name>, found unnamed.png"));
    assertThat(v.commit().lineage()).containsEntry("ingest.labels", "prefix");

    Files.delete(root.resolve("batch2/unnamed.png"));
    InMemoryDataset ds = new InMemoryDataset();
    ImportReport imported = ImageFolder.importFrom(root, Split.TRAIN, BY_PREFIX, ds);
    assertThat(imported.schema().classNames()).containsExactly("cat", "dog");
    for (var rec : ds.records()) {
      assertThat(rec.label()).isEqualTo(v.record(rec.id()).orElseThrow().label());
    }
  }

  @Test
  void aUserRuleReturningNull_leavesTheFileUnlabeled_whichIsABadFile() throws Exception {
    write("a/x.png", "x");
    LabelRule nothing = LabelRule.of("nothing", (path, file) -> null);
    assertThatThrownBy(() -> DirectoryIngest.builder().setRoot(root).optLabelRule(nothing).build()
        .commit(repo.commit("main").setMessage("m")))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("a/x.png: no label")
        .hasMessageContaining("label rule nothing");
    assertThatThrownBy(() -> ImageFolder.importFrom(root, Split.TRAIN, nothing, new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("no label")
        .hasMessageContaining("x.png");
    assertThatThrownBy(() -> LabelRule.of(" ", (p, f) -> "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLabelTable_withAByteOrderMark_labelsTheIngestAndTheImageFolderImport() throws Exception {
    write("img/a.png", "a");
    write("img/b.png", "b");
    Path table = tmp.resolve("labels.csv");
    Files.write(table, ("\uFEFFpath,label\r\nimg/a.png,zebra\r\nimg/b.png,horse\r\n").getBytes(StandardCharsets.UTF_8));

    DatasetVersion v = DirectoryIngest.builder().setRoot(root).optLabelRule(LabelRule.table(table)).build()
        .commit(repo.commit("main").setMessage("table")).version();
    assertThat(v.schema().orElseThrow().classNames()).containsExactly("horse", "zebra");
    assertThat(v.record("img/a.png").orElseThrow().label()).contains(ClassLabel.of(1));

    InMemoryDataset ds = new InMemoryDataset();
    ImageFolder.importFrom(root, Split.TRAIN, LabelRule.table(table), ds);
    assertThat(ds.records()).extracting(rec -> rec.label().orElseThrow())
        .containsExactly(ClassLabel.of(1), ClassLabel.of(0));
  }

  @Test
  void aLabelTableRowWithoutItsFile_failsTheImportNamingIt() throws Exception {
    write("img/a.png", "a");
    Path table = tmp.resolve("labels.csv");
    Files.writeString(table, "path,label\nimg/a.png,zebra\nimg/gone.png,horse\n");
    assertThatThrownBy(() -> ImageFolder.importFrom(root, Split.TRAIN, LabelRule.table(table), new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("img/gone.png")
        .hasMessageContaining("label for a missing image");
  }

  @Test
  void noLabels_importsUnlabeledImages() throws Exception {
    write("x.png", "x");
    write("sub/y.png", "y");
    InMemoryDataset ds = new InMemoryDataset();
    ImportReport r = ImageFolder.importFrom(root, Split.NONE, LabelRule.none(), ds);
    assertThat(r.records()).isEqualTo(2);
    assertThat(ds.records()).allSatisfy(rec -> assertThat(rec.label()).isEmpty());
  }

  @Test
  void conflictingLabelSettings_failAtBuild_namingBoth() {
    assertThatThrownBy(() -> DirectoryIngest.builder().setRoot(root).optLabelTable(Path.of("t.csv")).optNoLabels()
        .build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("optLabelTable(t.csv)").hasMessageContaining("optNoLabels()");
    assertThatThrownBy(() -> DirectoryIngest.builder().setRoot(root).optImageFolderLabels()
        .optLabelRule(BY_PREFIX).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("optImageFolderLabels()").hasMessageContaining("optLabelRule(prefix)");
    // one setting, or none (image folders), builds
    assertThat(DirectoryIngest.builder().setRoot(root).build().labelRule()).isEqualTo(LabelRule.imageFolder());
    assertThat(DirectoryIngest.builder().setRoot(root).optNoLabels().build().labelRule()).isEqualTo(LabelRule.none());
  }

  @Test
  void builtInRules_describeThemselvesAsEarlierIngestsRecordedThem() {
    assertThat(LabelRule.imageFolder().description()).isEqualTo("image_folder");
    assertThat(LabelRule.none().description()).isEqualTo("none");
    assertThat(LabelRule.table(Path.of("l.csv")).description()).isEqualTo("table:l.csv");
    assertThat(LabelRule.imageFolder().labelsByPathAlone()).isTrue();
    assertThat(LabelRule.table(Path.of("l.csv")).labelsByPathAlone()).isFalse();
    assertThat(BY_PREFIX.labelsByPathAlone()).isFalse();
  }
}
