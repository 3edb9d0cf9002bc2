package dev.datamgmt.storage.formats.imagefolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.label.ClassLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.storage.formats.InMemoryDataset;
import dev.datamgmt.storage.formats.Png;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
  @TempDir Path dir;

  private static byte[] png(int v) {
    return Png.encode(new byte[] {(byte) v, 1, 2, 3}, 2, 2, 1);
  }

  @Test
  void importThenExportThenImport_roundTripsIdsLabelsAndBytes() throws Exception {
    Path src = dir.resolve("src");
    for (String c : List.of("cat", "dog", "emu")) {
      Files.createDirectories(src.resolve(c));
    }
    Files.write(src.resolve("cat/a.png"), png(1));
    Files.write(src.resolve("cat/b.png"), png(2));
    Files.write(src.resolve("dog/c.png"), png(3));
    Files.write(src.resolve("dog/notes.txt"), new byte[] {1});
    Files.write(src.resolve(".DS_Store"), new byte[] {1});
    InMemoryDataset ds = new InMemoryDataset();
    ImportReport r = ImageFolder.importFrom(src, Split.TRAIN, ds);
    assertThat(r.records()).isEqualTo(3);
    assertThat(r.schema().classNames()).containsExactly("cat", "dog", "emu");
    assertThat(r.ignored()).containsExactlyInAnyOrder(".DS_Store", "dog/notes.txt");
    assertThat(ds.records()).extracting(Record::id).containsExactly("cat/a.png", "cat/b.png", "dog/c.png");
    assertThat(ds.records().get(2).label()).contains(ClassLabel.of(1));

    Path out = dir.resolve("out");
    assertThat(ImageFolder.export(ds.records(), ds, r.schema().classNames(), out)).isEqualTo(3);
    InMemoryDataset back = new InMemoryDataset();
    ImportReport r2 = ImageFolder.importFrom(out, Split.TRAIN, back);
    assertThat(r2.schema()).isEqualTo(r.schema());
    assertThat(back.records()).isEqualTo(ds.records());
  }

  @Test
  void importFrom_missingRoot_strayFile_orNoClasses_failWithTypedErrors() throws Exception {
    assertThatThrownBy(() -> ImageFolder.importFrom(dir.resolve("nope"), Split.TRAIN, new InMemoryDataset()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> ImageFolder.importFrom(dir, Split.TRAIN, new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("no class folders");
    Files.write(dir.resolve("x.png"), png(0));
    assertThatThrownBy(() -> ImageFolder.importFrom(dir, Split.TRAIN, new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("file outside a class folder");
  }

  @Test
  void export_recordWithoutClassLabel_failsNamingRecord() {
    InMemoryDataset ds = new InMemoryDataset();
    byte[] p = png(5);
    ds.add(Record.builder("lonely").setBlob(dev.datamgmt.core.record.BlobRef.of(p, "image/png")).build(), p);
    assertThatThrownBy(() -> ImageFolder.export(ds.records(), ds, List.of("a"), dir.resolve("o")))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("record lonely");
  }
}
