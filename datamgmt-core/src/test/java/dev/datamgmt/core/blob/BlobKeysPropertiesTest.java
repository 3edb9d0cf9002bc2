package dev.datamgmt.core.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BlobKeysPropertiesTest {
  @Provide
  Arbitrary<String> segments() {
    return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_', '.').ofMinLength(1).ofMaxLength(12)
        .filter(s -> !s.equals(".") && !s.equals(".."));
  }

  @Property
  void keysBuiltFromValidSegments_areAccepted(@ForAll("segments") String a, @ForAll("segments") String b) {
    assertThat(BlobKeys.check(a + "/" + b)).isEqualTo(a + "/" + b);
  }

  @Property
  void anyKeyWithADotDotSegment_isRejected(@ForAll("segments") String a, @ForAll("segments") String b) {
    assertThatThrownBy(() -> BlobKeys.check(a + "/../" + b)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'..'");
  }

  @Property
  void absoluteKeys_areRejected(@ForAll("segments") String a) {
    assertThatThrownBy(() -> BlobKeys.check("/" + a)).isInstanceOf(IllegalArgumentException.class);
  }
}
