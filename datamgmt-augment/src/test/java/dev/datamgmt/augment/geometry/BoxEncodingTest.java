package dev.datamgmt.augment.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.core.label.Box;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Boxes in Pascal VOC, COCO, YOLO and Albumentations conventions convert to and from pixel xyxy. */
class BoxEncodingTest {
  private static final Raster IMG = Raster.ofFloat(1, 50, 100, new float[5000]);

  @Property(tries = 300)
  void encodeThenDecode_isTheIdentity(@ForAll BoxEncoding encoding, @ForAll @IntRange(min = 1, max = 2000) int w,
      @ForAll @IntRange(min = 1, max = 2000) int h, @ForAll @DoubleRange(min = 0, max = 1) double a,
      @ForAll @DoubleRange(min = 0, max = 1) double b, @ForAll @DoubleRange(min = 0, max = 1) double c,
      @ForAll @DoubleRange(min = 0, max = 1) double d) {
    Box box = new Box(Math.min(a, c) * w, Math.min(b, d) * h, Math.max(a, c) * w, Math.max(b, d) * h, 4);
    Box back = encoding.decode(encoding.encode(box, BoxFormat.PIXEL_XYXY, w, h), 4, w, h);
    double tol = 1e-9 * Math.max(w, h);
    assertThat(back.x1()).isCloseTo(box.x1(), within(tol));
    assertThat(back.y1()).isCloseTo(box.y1(), within(tol));
    assertThat(back.x2()).isCloseTo(box.x2(), within(tol));
    assertThat(back.y2()).isCloseTo(box.y2(), within(tol));
    assertThat(back.classIndex()).isEqualTo(4);
  }

  @Test
  void knownValues_ofEachConvention() {
    ImageSample s = ImageSample.of("s", IMG).withEncodedBoxes(
        List.of(new double[] {10, 20, 30, 15}), List.of(5), BoxEncoding.COCO);
    assertThat(s.boxes()).containsExactly(new Box(10, 20, 40, 35, 5));
    assertThat(s.boxFormat()).isEqualTo(BoxFormat.PIXEL_XYXY);
    // The same four numbers in each convention, on a 100x50 image:
    assertThat(BoxEncoding.COCO.decode(new double[] {10, 20, 30, 15}, 1, 100, 50)).isEqualTo(new Box(10, 20, 40, 35, 1));
    Box yolo = BoxEncoding.YOLO.decode(new double[] {0.5, 0.5, 0.2, 0.4}, 2, 100, 50);
    assertThat(yolo.x1()).isCloseTo(40, within(1e-9));
    assertThat(yolo.y1()).isCloseTo(15, within(1e-9));
    assertThat(yolo.x2()).isCloseTo(60, within(1e-9));
    assertThat(yolo.y2()).isCloseTo(35, within(1e-9));
    Box alb = BoxEncoding.ALBUMENTATIONS.decode(new double[] {0.1, 0.4, 0.4, 0.7}, 3, 100, 50);
    assertThat(alb.x1()).isCloseTo(10, within(1e-9));
    assertThat(alb.y2()).isCloseTo(35, within(1e-9));
    ImageSample one = ImageSample.of("s", IMG).withBoxes(List.of(new Box(10, 20, 40, 35, 0)), BoxFormat.PIXEL_XYXY);
    assertThat(one.boxesAs(BoxEncoding.COCO).get(0)).containsExactly(10, 20, 30, 15);
    assertThat(one.boxesAs(BoxEncoding.YOLO).get(0)).containsExactly(0.25, 0.55, 0.3, 0.3);
    ImageSample norm = ImageSample.of("s", IMG)
        .withBoxes(List.of(new Box(0.1, 0.4, 0.4, 0.7, 0)), BoxFormat.NORMALIZED_XYXY);
    double[] voc = norm.boxesAs(BoxEncoding.PASCAL_VOC).get(0);
    assertThat(voc[0]).isCloseTo(10, within(1e-9));
    assertThat(voc[3]).isCloseTo(35, within(1e-9));
  }

  @Test
  void malformedEncodedBoxes_areRejectedNamingTheSampleAndBox() {
    assertThatThrownBy(() -> ImageSample.of("rec-2", IMG).withEncodedBoxes(
            List.of(new double[] {1, 1, 5, 5}, new double[] {10, 10, -3, 4}), List.of(0, 0), BoxEncoding.COCO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample rec-2 box 1")
        .hasMessageContaining("COCO box width and height must be >= 0");
    assertThatThrownBy(() -> ImageSample.of("rec-3", IMG).withEncodedBoxes(
            List.of(new double[] {1, 1, 5}), List.of(0), BoxEncoding.PASCAL_VOC))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must have 4 numbers");
    assertThatThrownBy(() -> ImageSample.of("rec-4", IMG).withEncodedBoxes(
            List.of(new double[] {5, 1, 1, 5}), List.of(0), BoxEncoding.PASCAL_VOC))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x_min <= x_max");
    assertThatThrownBy(() -> ImageSample.of("rec-5", IMG).withEncodedBoxes(
            List.of(new double[] {1, 1, 5, 5}), List.of(), BoxEncoding.PASCAL_VOC))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one class per box");
    assertThatThrownBy(() -> ImageSample.of("rec-6", IMG).withEncodedBoxes(
            List.of(new double[] {Double.NaN, 1, 5, 5}), List.of(0), BoxEncoding.YOLO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
  }
}
