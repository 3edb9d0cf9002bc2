package dev.datamgmt.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class MediaTypesTest {
  @Test
  void ofFileName_knowsImagesAudioAndText_caseInsensitively() {
    assertThat(MediaTypes.ofFileName("cat/001.JPG")).contains("image/jpeg");
    assertThat(MediaTypes.ofFileName("a.jpeg")).contains("image/jpeg");
    assertThat(MediaTypes.ofFileName("scan.tiff")).contains("image/tiff");
    assertThat(MediaTypes.ofFileName("x/y.wav")).contains("audio/wav");
    assertThat(MediaTypes.ofFileName("t.csv")).contains("text/csv");
    assertThat(MediaTypes.guess("t.npy")).isEqualTo(BlobRef.OCTET_STREAM);
  }

  @Test
  void namesWithoutAnExtension_hiddenFiles_andUnknownExtensions_haveNone() {
    assertThat(MediaTypes.ofFileName("README")).isEmpty();
    assertThat(MediaTypes.ofFileName("dir.png/README")).isEmpty();
    assertThat(MediaTypes.ofFileName(".png")).isEmpty();
    assertThat(MediaTypes.ofFileName("a/.png")).isEmpty();
    assertThat(MediaTypes.ofFileName("a.xyz")).isEmpty();
    assertThat(MediaTypes.guess("a.xyz")).isEqualTo(BlobRef.OCTET_STREAM);
    assertThat(MediaTypes.isImage("a.png")).isTrue();
    assertThat(MediaTypes.isImage("a.wav")).isFalse();
  }

  @Test
  void extension_ignoresParameters_andFallsBackToBin() {
    assertThat(MediaTypes.extension("image/png")).isEqualTo(".png");
    assertThat(MediaTypes.extension("IMAGE/JPEG; q=1")).isEqualTo(".jpg");
    assertThat(MediaTypes.extension("application/x-unknown")).isEqualTo(".bin");
  }

  @Property(tries = 50)
  void aKnownTypesExtension_mapsBackToTheType(@ForAll @AlphaChars @StringLength(min = 1, max = 8) String base) {
    for (String type : new String[] {"image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp",
        "image/tiff", "audio/wav", "audio/mpeg", "audio/flac", "text/plain", "application/json", "text/csv"}) {
      assertThat(MediaTypes.ofFileName(base + MediaTypes.extension(type))).contains(type);
    }
  }
}
