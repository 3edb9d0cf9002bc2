package dev.datamgmt.storage.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datamgmt.storage.reader.ImageLayout;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ImageTensorsPropertiesTest {

  /** The per-image conversion (gray planes converted once and copied) gives exactly the plain conversion's floats. */
  @Property(tries = 300)
  void imageToFloats_equalsToFloatsOverTheImage(
      @ForAll @IntRange(min = 1, max = 9) int h,
      @ForAll @IntRange(min = 1, max = 9) int w,
      @ForAll boolean rgb,
      @ForAll boolean chw,
      @ForAll @IntRange(min = 0, max = 3) int planes,
      @ForAll long seed) {
    ImageTensors t = ImageTensors.builder().setSize(h, w).optChannels(rgb ? 3 : 1)
        .optLayout(chw ? ImageLayout.CHW : ImageLayout.HWC).build();
    SplittableRandom rnd = new SplittableRandom(seed);
    int ib = t.imageBytes();
    int offset = rnd.nextInt(0, 2) * ib;
    byte[] px = new byte[offset + ib + rnd.nextInt(0, 5)];
    rnd.nextBytes(px);
    if (planes > 0 && rgb) {
      // a gray image replicated into the planes, or nearly (one plane differs in one pixel)
      int hw = h * w;
      System.arraycopy(px, offset, px, offset + hw, hw);
      System.arraycopy(px, offset, px, offset + 2 * hw, hw);
      if (planes == 3) {
        px[offset + hw + rnd.nextInt(2 * hw)] ^= 1;
      }
    }
    float[] want = new float[px.length];
    float[] got = new float[px.length];
    t.toFloats(px, want, offset, offset + ib);
    t.imageToFloats(px, got, offset);
    assertThat(got).containsExactly(want);
  }
}
