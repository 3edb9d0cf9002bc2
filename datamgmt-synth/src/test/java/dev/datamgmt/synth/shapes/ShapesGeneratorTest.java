package dev.datamgmt.synth.shapes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.core.seed.Seeds;
import dev.datamgmt.synth.GeneratedSample;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.Generators;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.Synth;
import dev.datamgmt.synth.dist.Distribution;
import dev.datamgmt.synth.dist.WeightedChoice;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ShapesGeneratorTest {

  /** Crowded images so that occlusion happens often. */
  private static final ShapesConfig CROWDED = ShapesConfig.builder().setSize(64, 48).optShapeCount(3, 12)
      .optShapeSize(Distribution.uniform(4, 24)).optNoise(0).build();

  @Property(tries = 60)
  void everyBox_isExactlyTheBoundsOfItsVisibleMask(@ForAll long seed) throws Exception {
    Generator g = CROWDED.newGenerator();
    GeneratedSample s = Synth.sample(g, seed, 3);
    List<Box> boxes = ((BoxesLabel) s.label().orElseThrow()).boxes();
    Raster mask = decode(s.extraBlobs().get(ShapesConfig.INSTANCES_BLOB).bytes()).getRaster();
    Raster image = decode(s.data().bytes()).getRaster();
    int w = mask.getWidth(), h = mask.getHeight();
    int n = boxes.size();
    int[] minX = new int[n + 1], minY = new int[n + 1], maxX = new int[n + 1], maxY = new int[n + 1];
    int[] colour = new int[n + 1];
    java.util.Arrays.fill(minX, Integer.MAX_VALUE);
    java.util.Arrays.fill(minY, Integer.MAX_VALUE);
    java.util.Arrays.fill(maxX, -1);
    java.util.Arrays.fill(colour, -1);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int id = mask.getSample(x, y, 0);
        assertThat(id).as("instance value at (%d,%d)", x, y).isBetween(0, n);
        minX[id] = Math.min(minX[id], x);
        maxX[id] = Math.max(maxX[id], x);
        minY[id] = Math.min(minY[id], y);
        maxY[id] = Math.max(maxY[id], y);
        // without noise, every pixel of one instance (and of the background) has one colour
        int rgb = image.getSample(x, y, 0) << 16 | image.getSample(x, y, 1) << 8 | image.getSample(x, y, 2);
        if (colour[id] == -1) {
          colour[id] = rgb;
        }
        assertThat(rgb).as("colour of instance %d at (%d,%d)", id, x, y).isEqualTo(colour[id]);
      }
    }
    for (int k = 0; k < n; k++) {
      Box b = boxes.get(k);
      assertThat(maxX[k + 1]).as("box %d has visible pixels", k).isGreaterThanOrEqualTo(0);
      assertThat(b).isEqualTo(new Box(minX[k + 1], minY[k + 1], maxX[k + 1] + 1, maxY[k + 1] + 1, b.classIndex()));
    }
  }

  @Test
  void occludedShapes_areCutOrDropped_neverLabelledWhole() throws Exception {
    Generator g = CROWDED.newGenerator();
    long hidden = 0;
    long cut = 0;
    for (int i = 0; i < 200; i++) {
      GeneratedSample s = Synth.sample(g, 1, i);
      hidden += ((Number) s.attributes().get("shapesHidden")).longValue();
      List<ShapesGenerator.Drawn> drawn = ((ShapesGenerator) g).drawShapes(afterBackground(1, i));
      List<Box> boxes = ((BoxesLabel) s.label().orElseThrow()).boxes();
      assertThat(boxes.size() + ((Number) s.attributes().get("shapesHidden")).intValue()).isEqualTo(drawn.size());
      int[] ids = ShapesGenerator.rasterize(drawn, 64, 48);
      // an occluded shape's visible pixels are fewer than those it covers alone
      for (int k = 0; k < drawn.size(); k++) {
        int alone = (int) java.util.Arrays.stream(ShapesGenerator.rasterize(List.of(drawn.get(k)), 64, 48))
            .filter(v -> v == 1).count();
        int kk = k + 1;
        int visible = (int) java.util.Arrays.stream(ids).filter(v -> v == kk).count();
        if (visible < alone) {
          cut++;
        }
      }
    }
    assertThat(hidden).as("some shapes are hidden entirely in crowded images").isPositive();
    assertThat(cut).as("some shapes are partly hidden").isPositive();
  }

  /** The stream as generate() leaves it after drawing the background colour. */
  private static java.util.SplittableRandom afterBackground(long seed, long index) {
    java.util.SplittableRandom rng = Seeds.random(seed, index);
    rng.nextInt(256);
    rng.nextInt(256);
    rng.nextInt(256);
    return rng;
  }

  @Test
  void classFrequencies_followTheDeclaredWeights() {
    ShapesConfig c = ShapesConfig.builder()
        .optClasses(new WeightedChoice(List.of("circle", "star", "triangle"), List.of(9.0, 1.0, 0.0))).build();
    ShapesGenerator g = (ShapesGenerator) c.newGenerator();
    int[] counts = new int[3];
    int total = 0;
    for (int i = 0; i < 3000; i++) {
      for (ShapesGenerator.Drawn d : g.drawShapes(Seeds.random(5, i))) {
        counts[d.classIndex()]++;
        total++;
      }
    }
    assertThat(counts[2]).isZero();
    assertThat(counts[0] / (double) total).isCloseTo(0.9, org.assertj.core.data.Offset.offset(0.015));
  }

  @Test
  void configuration_roundTripsThroughJson() throws Exception {
    ShapesConfig c = ShapesConfig.builder().setSize(30, 20).optShapeCount(2, 3)
        .optClasses(new WeightedChoice(List.of("star", "hexagon"), List.of(1.0, 2.0)))
        .optShapeSize(Distribution.truncatedNormal(8, 3, 2, 14)).optNoise(3.5).build();
    String json = Generators.writeConfig(c);
    assertThat(json).startsWith("{\"generator\":\"shapes\"");
    assertThat(Generators.readConfig(json)).isEqualTo(c);
    assertThat(Generators.writeConfig(Generators.readConfig(json))).isEqualTo(json);
  }

  @Test
  void badSettings_failAtBuildNamingSettingAndValue() {
    assertThatThrownBy(() -> ShapesConfig.builder().optShapeCount(5, 2).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("shapes.maxShapes").hasMessageContaining("2");
    assertThatThrownBy(() -> ShapesConfig.builder().setSize(0, 10).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("shapes.width");
    assertThatThrownBy(() -> ShapesConfig.builder().optShapeSize(Distribution.normal(10, 2)).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("shapes.size");
    assertThatThrownBy(() -> ShapesConfig.builder().optClasses(WeightedChoice.uniform(List.of("blob"))).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("blob");
    assertThatThrownBy(() -> ShapesConfig.builder().optNoise(-1).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("shapes.noise");
  }

  @Test
  void malformedJson_isAnInvalidDataExceptionNamingTheProblem() {
    assertThatThrownBy(() -> Generators.readConfig("{\"generator\":\"shapes\",\"width\":-3,\"height\":5,"
            + "\"minShapes\":1,\"maxShapes\":2,\"classes\":{\"values\":[\"circle\"],\"weights\":[1]},"
            + "\"size\":{\"type\":\"uniform\",\"min\":2,\"max\":3},\"noise\":0}"))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("shapes.width").hasMessageContaining("-3");
    assertThatThrownBy(() -> Generators.readConfig("{\"generator\":\"nope\"}"))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("shapes");
    assertThatThrownBy(() -> Generators.readConfig("{not json"))
        .isInstanceOf(InvalidDataException.class);
  }

  private static BufferedImage decode(byte[] png) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(png));
  }
}
