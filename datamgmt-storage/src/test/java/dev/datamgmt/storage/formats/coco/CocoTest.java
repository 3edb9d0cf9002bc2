package dev.datamgmt.storage.formats.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.record.Record;
import dev.datamgmt.core.record.Split;
import dev.datamgmt.storage.formats.ImportReport;
import dev.datamgmt.storage.formats.InMemoryDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoTest {
  @TempDir Path dir;

  private Path write(String json) throws Exception {
    Files.write(dir.resolve("1.jpg"), new byte[] {1, 2});
    Files.write(dir.resolve("2.jpg"), new byte[] {3});
    Path p = dir.resolve("ann.json");
    Files.writeString(p, json);
    return p;
  }

  private static final String GOOD = """
      {"images":[{"id":10,"file_name":"1.jpg","width":64,"height":48},{"id":20,"file_name":"2.jpg"}],
       "annotations":[{"id":1,"image_id":10,"category_id":7,"bbox":[1,2,10,20],"iscrowd":0},
                      {"id":2,"image_id":10,"category_id":3,"bbox":[0,0,5.5,5],"iscrowd":0}],
       "categories":[{"id":7,"name":"dog"},{"id":3,"name":"cat"}]}""";

  @Test
  void importThenExportThenImport_roundTripsBoxesCategoriesAndImages() throws Exception {
    InMemoryDataset ds = new InMemoryDataset();
    ImportReport r = Coco.importFrom(write(GOOD), dir, Split.VALIDATION, ds);
    assertThat(r.schema().classNames()).containsExactly("cat", "dog");
    Record first = ds.records().get(0);
    assertThat(first.id()).isEqualTo("1.jpg");
    assertThat(first.label()).contains(BoxesLabel.of(new Box(1, 2, 11, 22, 1), new Box(0, 0, 5.5, 5, 0)));
    assertThat(first.attributes()).containsEntry("width", 64L).containsEntry("coco_id", 10L);
    assertThat(ds.records().get(1).label()).contains(BoxesLabel.of());

    Path out = dir.resolve("out");
    Coco.export(ds.records(), ds, r.schema().classNames(), out);
    InMemoryDataset back = new InMemoryDataset();
    ImportReport r2 = Coco.importFrom(out.resolve("annotations.json"), out.resolve("images"), Split.VALIDATION, back);
    assertThat(r2.schema().classNames()).isEqualTo(r.schema().classNames());
    for (int i = 0; i < 2; i++) {
      assertThat(back.records().get(i).label()).isEqualTo(ds.records().get(i).label());
      assertThat(back.read(back.records().get(i).blob().orElseThrow()))
          .isEqualTo(ds.read(ds.records().get(i).blob().orElseThrow()));
    }
  }

  @Test
  void importFrom_malformedAnnotations_failNamingTheAnnotation() throws Exception {
    assertThatThrownBy(() -> Coco.importFrom(write("{\"images\":[]}"), dir, Split.TRAIN, new InMemoryDataset()))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("\"annotations\"");
    assertThatThrownBy(() -> Coco.importFrom(write("{not json"), dir, Split.TRAIN, new InMemoryDataset()))
        .isInstanceOf(UnsupportedFormatException.class);
    assertThatThrownBy(() -> Coco.importFrom(write(GOOD.replace("\"image_id\":10,\"category_id\":7",
        "\"image_id\":99,\"category_id\":7")), dir, Split.TRAIN, new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("annotation 1")
        .hasMessageContaining("unknown image");
    assertThatThrownBy(() -> Coco.importFrom(write(GOOD.replace("\"category_id\":3", "\"category_id\":4")), dir,
        Split.TRAIN, new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("annotation 2")
        .hasMessageContaining("unknown category");
    assertThatThrownBy(() -> Coco.importFrom(write(GOOD.replace("[1,2,10,20]", "[1,2,-10,20]")), dir,
        Split.TRAIN, new InMemoryDataset()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("bad bbox");
    assertThatThrownBy(() -> Coco.importFrom(write(GOOD.replace("2.jpg", "3.jpg")), dir, Split.TRAIN,
        new InMemoryDataset()))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("3.jpg");
  }
}
