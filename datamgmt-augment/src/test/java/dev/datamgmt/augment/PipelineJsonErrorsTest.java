package dev.datamgmt.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.augment.image.Interpolation;
import dev.datamgmt.core.error.UnsupportedFormatException;
import org.junit.jupiter.api.Test;

/** Hand-written pipeline JSON: optional settings may be omitted, and errors name the op, its place and the field. */
class PipelineJsonErrorsTest {
  private static String pipeline(String ops) {
    return "{\"formatVersion\":1,\"ops\":[" + ops + "],\"seed\":3}";
  }

  @Test
  void optionalSettings_mayBeOmitted() throws Exception {
    Pipeline p = Pipeline.fromJson(pipeline("{\"op\":\"rotate\",\"maxDegrees\":15},{\"op\":\"horizontalFlip\"}"));
    assertThat(p.ops()).containsExactly(
        new ImageOps.Rotate(1.0, 15, Interpolation.BILINEAR, 0), new ImageOps.HorizontalFlip(1.0));
  }

  @Test
  void nestedOps_areCompletedToo() throws Exception {
    Pipeline p = Pipeline.fromJson(pipeline(
        "{\"op\":\"oneOf\",\"ops\":[{\"op\":\"gaussianBlur\",\"minSigma\":0.5,\"maxSigma\":1}],\"p\":0.3}"));
    assertThat(p.ops()).containsExactly(Compose.oneOf(ImageOps.gaussianBlur(1, 0.5, 1)).withP(0.3));
  }

  @Test
  void misspeltSetting_namesTheOpTheFieldAndTheNearestName() {
    assertThatThrownBy(() -> Pipeline.fromJson(pipeline(
        "{\"op\":\"horizontalFlip\",\"p\":0.5},{\"op\":\"rotate\",\"maxDegree\":15,\"p\":1}")))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("ops[1] (rotate)")
        .hasMessageContaining("unknown setting")
        .hasMessageContaining("\"maxDegree\"")
        .hasMessageContaining("did you mean maxDegrees?");
  }

  @Test
  void missingRequiredSetting_namesIt() {
    assertThatThrownBy(() -> Pipeline.fromJson(pipeline("{\"op\":\"sequence\",\"ops\":[{\"op\":\"brightness\",\"min\":0.5}]}")))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("ops[0].ops[0] (brightness)")
        .hasMessageContaining("\"max\" (a number)");
  }

  @Test
  void wrongType_namesTheFieldAndValue() {
    assertThatThrownBy(() -> Pipeline.fromJson(pipeline("{\"op\":\"rotate\",\"maxDegrees\":\"fifteen\"}")))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("ops[0] (rotate)")
        .hasMessageContaining("\"maxDegrees\": a number")
        .hasMessageContaining("\"fifteen\"");
    assertThatThrownBy(() -> Pipeline.fromJson(pipeline("{\"op\":\"rotate\",\"maxDegrees\":5,\"interpolation\":\"CUBIC\"}")))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("one of [BILINEAR, NEAREST]");
  }

  @Test
  void invalidValue_namesThePlaceAndTheConstraint() {
    assertThatThrownBy(() -> Pipeline.fromJson(pipeline("{\"op\":\"rotate\",\"maxDegrees\":500}")))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("ops[0] (rotate)")
        .hasMessageContaining("rotate maxDegrees must be in [0.0, 180.0]: 500.0");
  }

  @Test
  void structuralErrors_areTyped() {
    assertThatThrownBy(() -> Pipeline.fromJson(pipeline("{\"p\":1}")))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("an \"op\" string");
    assertThatThrownBy(() -> Pipeline.fromJson(pipeline("42")))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("operation is not an object");
    assertThatThrownBy(() -> Pipeline.fromJson("{\"formatVersion\":1,\"ops\":[]}"))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("seed");
    assertThatThrownBy(() -> Pipeline.fromJson("{\"formatVersion\":1,\"ops\":[],\"seed\":1,\"extra\":2}"))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("\"extra\"");
    assertThatThrownBy(() -> Pipeline.fromJson("[]"))
        .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("a JSON object");
  }
}
