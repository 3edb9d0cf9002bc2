package dev.datamgmt.core.hash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.IntegrityException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ContentHashPropertiesTest {
  @Test
  void knownVector_matchesSha256sum() {
    // printf hello | sha256sum
    assertThat(ContentHash.of("hello".getBytes(UTF_8)).toString())
        .isEqualTo("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  }

  @Property
  void parse_ofToString_roundTrips(@ForAll byte[] data) {
    ContentHash h = ContentHash.of(data);
    assertThat(ContentHash.parse(h.toString())).isEqualTo(h);
    assertThat(ContentHash.parse(h.hex())).isEqualTo(h);
    assertThat(ContentHash.parse(h.toString()).hashCode()).isEqualTo(h.hashCode());
  }

  @Property
  void streamBufferAndArray_agree(@ForAll byte[] data) throws Exception {
    ContentHash h = ContentHash.of(data);
    assertThat(ContentHash.of(new ByteArrayInputStream(data))).isEqualTo(h);
    assertThat(ContentHash.of(ByteBuffer.wrap(data))).isEqualTo(h);
  }

  @Test
  void verify_onChangedBytes_throwsIntegrity_namingBothHashesAndTheLocation() {
    ContentHash h = ContentHash.of(new byte[] {1, 2, 3});
    assertThatThrownBy(() -> h.verify(new byte[] {1, 2, 4}, "objects/x"))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("objects/x")
        .hasMessageContaining(h.toString())
        .hasMessageContaining(ContentHash.of(new byte[] {1, 2, 4}).toString());
  }

  @Test
  void parse_rejectsMalformedText() {
    assertThatThrownBy(() -> ContentHash.parse("sha256:abc")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hex");
    assertThatThrownBy(() -> ContentHash.parse("z".repeat(64))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hexadecimal");
  }
}
