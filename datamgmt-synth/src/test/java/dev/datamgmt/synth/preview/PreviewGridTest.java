package dev.datamgmt.synth.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.BoxesLabel;
import dev.datamgmt.synth.Generator;
import dev.datamgmt.synth.InvalidSettingException;
import dev.datamgmt.synth.Synth;
import dev.datamgmt.synth.dist.Distribution;
import dev.datamgmt.synth.dist.WeightedChoice;
import dev.datamgmt.synth.shapes.ShapesConfig;
import dev.datamgmt.synth.table.ColumnSpec;
import dev.datamgmt.synth.table.TableConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PreviewGridTest {

  @Test
  void shapesGrid_hasOneTilePerSample_andDrawsEachBoxEdgeInItsClassColour() throws Exception {
    Generator g = ShapesConfig.builder().setSize(96, 96).optNoise(0).build().newGenerator();
    BufferedImage grid = ImageIO.read(new ByteArrayInputStream(
        PreviewGrid.builder(g).setSeed(3).optRange(0, 6).optColumns(3).optTileWidth(96).build().render()));
    assertThat(grid.getWidth()).isEqualTo(3 * (96 + 4) + 4);
    // the first tile's image sits at (4, 4) at scale 1: the top-left corner of each box is drawn in its class colour
    List<Box> boxes = ((BoxesLabel) Synth.sample(g, 3, 0).label().orElseThrow()).boxes();
    assertThat(boxes).isNotEmpty();
    BufferedImage plain = ImageIO.read(new ByteArrayInputStream(PreviewGrid.builder(g).setSeed(3).optRange(0, 6)
        .optColumns(3).optTileWidth(96).optLabels(false).build().render()));
    int changed = 0;
    for (int y = 4; y < 100; y++) {
      for (int x = 4; x < 100; x++) {
        if (grid.getRGB(x, y) != plain.getRGB(x, y)) {
          changed++;
        }
      }
    }
    assertThat(changed).as("pixels changed by drawing labels").isGreaterThan(50);
    Box last = boxes.get(boxes.size() - 1); // drawn last, so its outline is on top
    int edge = grid.getRGB(4 + (int) Math.round(last.x1() + last.width() / 2), 4 + (int) Math.floor(last.y1()));
    assertThat(edge).isNotEqualTo(plain.getRGB(4 + (int) Math.round(last.x1() + last.width() / 2),
        4 + (int) Math.floor(last.y1())));
  }

  @Test
  void tableRows_areShownAsText() throws Exception {
    Generator g = new TableConfig(List.of(ColumnSpec.numeric("x", Distribution.uniform(0, 1)),
        ColumnSpec.categorical("c", WeightedChoice.uniform(List.of("a", "b"))))).newGenerator();
    BufferedImage grid = ImageIO.read(new ByteArrayInputStream(
        PreviewGrid.builder(g).setSeed(0).optRange(0, 4).optColumns(2).build().render()));
    assertThat(grid.getHeight()).isGreaterThan(20);
  }

  @Test
  void builder_namesBadSettings() {
    Generator g = ShapesConfig.builder().build().newGenerator();
    assertThatThrownBy(() -> PreviewGrid.builder(g).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("seed");
    assertThatThrownBy(() -> PreviewGrid.builder(g).optRange(5, 5)).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("[5, 5)");
  }
}
