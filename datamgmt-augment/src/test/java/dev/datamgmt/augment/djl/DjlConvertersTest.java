package dev.datamgmt.augment.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.geometry.SegmentationMask;
import dev.datamgmt.augment.image.Raster;
import dev.datamgmt.core.error.InvalidDataException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Raster and mask conversions to and from DJL's NDArray and Image are exact round trips. */
class DjlConvertersTest {

  @Property(tries = 40)
  void raster_roundTripsThroughNdArrayAndDjlImage(@ForAll @IntRange(min = 1, max = 23) int h,
      @ForAll @IntRange(min = 1, max = 23) int w, @ForAll boolean rgb, @ForAll @IntRange(min = 0, max = 999) int seed)
      throws Exception {
    Raster u8 = TestImages.uint8(rgb ? 3 : 1, h, w, seed);
    Raster f32 = TestImages.floats(rgb ? 3 : 1, h, w, seed);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = DjlConverters.toNDArray(m, u8);
      assertThat(a.getShape()).isEqualTo(new Shape(u8.channels(), h, w));
      assertThat(a.getDataType()).isEqualTo(DataType.UINT8);
      assertThat(DjlConverters.toRaster(a).uint8Array()).containsExactly(u8.uint8Array());
      NDArray f = DjlConverters.toNDArray(m, f32);
      assertThat(f.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(DjlConverters.toRaster(f).floatArray()).containsExactly(f32.floatArray());
      Image djl = DjlConverters.toDjlImage(u8);
      assertThat(djl.getWidth()).isEqualTo(w);
      assertThat(djl.getHeight()).isEqualTo(h);
      assertThat(DjlConverters.toRaster(djl).uint8Array()).containsExactly(u8.uint8Array());
      // Through DJL's own NDArray view (HWC) of the image: the same pixels.
      NDArray hwc = djl.toNDArray(m, rgb ? Image.Flag.COLOR : Image.Flag.GRAYSCALE);
      assertThat(DjlConverters.toRaster(hwc.transpose(2, 0, 1)).uint8Array()).containsExactly(u8.uint8Array());
    }
  }

  @Test
  void batch_roundTripsAndRejectsMixedShapes() throws Exception {
    List<Raster> rs = List.of(TestImages.floats(3, 5, 7, 1), TestImages.floats(3, 5, 7, 2));
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray b = DjlConverters.toBatch(m, rs);
      assertThat(b.getShape()).isEqualTo(new Shape(2, 3, 5, 7));
      List<Raster> back = DjlConverters.toRasters(b);
      assertThat(back.get(1).floatArray()).containsExactly(rs.get(1).floatArray());
      assertThatThrownBy(() -> DjlConverters.toBatch(m, List.of(rs.get(0), TestImages.floats(3, 5, 8, 3))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("raster 1");
    }
  }

  @Test
  void mask_roundTrips() throws Exception {
    int[] classes = {0, 1, 2, 3, 4, 5};
    SegmentationMask mask = SegmentationMask.of(3, 2, classes);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = DjlConverters.toNDArray(m, mask);
      assertThat(a.getShape()).isEqualTo(new Shape(2, 3));
      SegmentationMask back = DjlConverters.toMask(a);
      assertThat(back.width()).isEqualTo(3);
      assertThat(back.toArray()).containsExactly(classes);
      assertThat(DjlConverters.toMask(a.toType(DataType.UINT8, false)).toArray()).containsExactly(classes);
    }
  }

  @Test
  void malformedArrays_areRejectedWithTypedErrors() {
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> DjlConverters.toRaster(m.zeros(new Shape(2, 4, 4))))
          .isInstanceOf(InvalidDataException.class).hasMessageContaining("(C, H, W) with C = 1 or 3");
      assertThatThrownBy(() -> DjlConverters.toRaster(m.zeros(new Shape(3, 4, 4), DataType.FLOAT64)))
          .isInstanceOf(InvalidDataException.class).hasMessageContaining("uint8 or float32");
      assertThatThrownBy(() -> DjlConverters.toMask(m.zeros(new Shape(4, 4))))
          .isInstanceOf(InvalidDataException.class).hasMessageContaining("class ids");
      assertThatThrownBy(() -> DjlConverters.toMask(m.zeros(new Shape(1, 4, 4), DataType.INT32)))
          .isInstanceOf(InvalidDataException.class).hasMessageContaining("(H, W)");
    }
  }
}
