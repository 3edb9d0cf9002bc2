package dev.datamgmt.augment.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import dev.datamgmt.augment.Pipeline;
import dev.datamgmt.augment.TestImages;
import dev.datamgmt.augment.cpu.CpuAugmenter;
import dev.datamgmt.augment.device.DeviceAugmenter;
import dev.datamgmt.augment.geometry.BoxFormat;
import dev.datamgmt.augment.geometry.ImageSample;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.augment.image.ImageOps;
import dev.datamgmt.core.label.Box;
import dev.datamgmt.core.label.Keypoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A DJL detection batch (padded boxes, keypoints) moves its targets with the images, as the CPU backend does. */
class DetectionBatchTest {
  private static final int N = 9, S = 16, M = 3, K = 2;

  @Test
  void detectionBatch_movesPaddedBoxesAndKeypointsByRecordIndex_likeTheCpuBackend() throws Exception {
    Pipeline p = Pipeline.builder().setSeed(12).add(ImageOps.horizontalFlip(0.5))
        .add(ImageOps.affine(20, 0.3, 0.8, 1.2, 5)).build();
    float[] pixels = new float[N * S * S];
    float[] boxes = new float[N * M * 5];
    float[] kps = new float[N * K * 3];
    List<ImageSample> samples = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      System.arraycopy(TestImages.floats(1, S, S, i).floatArray(), 0, pixels, i * S * S, S * S);
      List<Box> bs = new ArrayList<>();
      int count = 1 + i % M;   // 1 to 3 real boxes, the rest padding
      for (int j = 0; j < M; j++) {
        int o = (i * M + j) * 5;
        if (j < count) {
          Box b = new Box(j, 1 + j, 6 + j * 3, 9 + j, j + 1);
          bs.add(b);
          boxes[o] = b.classIndex();
          boxes[o + 1] = (float) b.x1();
          boxes[o + 2] = (float) b.y1();
          boxes[o + 3] = (float) b.x2();
          boxes[o + 4] = (float) b.y2();
        } else {
          boxes[o] = -1;
        }
      }
      List<Keypoint> ks = List.of(new Keypoint(3 + i % 5, 4, Keypoint.VISIBLE), new Keypoint(12, 14, Keypoint.OCCLUDED));
      for (int j = 0; j < K; j++) {
        kps[(i * K + j) * 3] = (float) ks.get(j).x();
        kps[(i * K + j) * 3 + 1] = (float) ks.get(j).y();
        kps[(i * K + j) * 3 + 2] = ks.get(j).visibility();
      }
      samples.add(ImageSample.of("r" + i, TestImages.floats(1, S, S, i)).withBoxes(bs, BoxFormat.PIXEL_XYXY)
          .withKeypoints(ks));
    }
    int seen = 0;
    try (NDManager manager = NDManager.newBaseManager();
        CpuAugmenter cpu = CpuAugmenter.builder().setPipeline(p).build()) {
      ArrayDataset ds = new ArrayDataset.Builder().setData(manager.create(pixels, new Shape(N, 1, S, S)))
          .optLabels(manager.create(boxes, new Shape(N, M, 5)), manager.create(kps, new Shape(N, K, 3)))
          .setSampling(4, true).build();
      DeviceAugmenter aug = DeviceAugmenter.of(p);
      for (Batch batch : ds.getData(manager)) {
        Batch out = aug.applyDetection(batch, 3, BoxFormat.PIXEL_XYXY, 1);
        assertThat(out.getLabels().head().getShape()).isEqualTo(new Shape(batch.getSize(), M, 5));
        float[] ob = out.getLabels().head().toFloatArray();
        float[] ok = out.getLabels().get(1).toFloatArray();
        for (int r = 0; r < batch.getSize(); r++) {
          int record = ((Number) batch.getIndices().get(r)).intValue();
          ImageSample want = cpu.apply(samples.get(record), 3, record);
          for (int j = 0; j < M; j++) {
            int o = (r * M + j) * 5;
            if (j < want.boxes().size()) {
              Box b = want.boxes().get(j);
              assertThat(ob[o]).isEqualTo((float) b.classIndex());
              assertThat(ob[o + 1]).isCloseTo((float) b.x1(), within(1e-4f));
              assertThat(ob[o + 4]).isCloseTo((float) b.y2(), within(1e-4f));
            } else {
              assertThat(ob[o]).as("padding row").isEqualTo(-1f);
            }
          }
          for (int j = 0; j < K; j++) {
            Keypoint kp = want.keypoints().get(j);
            assertThat(ok[(r * K + j) * 3]).isCloseTo((float) kp.x(), within(1e-4f));
            assertThat(ok[(r * K + j) * 3 + 2]).isEqualTo((float) kp.visibility());
          }
          assertThat(out.getData().head().get(r).toFloatArray())
              .usingComparatorWithPrecision(2e-3f).containsExactly(want.image().toFloatChw());
          seen++;
        }
        batch.close();
      }
    }
    assertThat(seen).isEqualTo(N);
  }

  @Test
  void detectionBatch_withWrongBoxShape_isRejected() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      ArrayDataset ds = new ArrayDataset.Builder().setData(manager.zeros(new Shape(2, 1, S, S)))
          .optLabels(manager.zeros(new Shape(2, 3, 4))).setSampling(2, false).build();
      Batch batch = ds.getData(manager).iterator().next();
      assertThatThrownBy(() -> DeviceAugmenter.of(Pipeline.builder().setSeed(1).build())
          .applyDetection(batch, 0, BoxFormat.PIXEL_XYXY))
          .isInstanceOf(InvalidDataException.class).hasMessageContaining("(2, M, 5)");
      NDArray unused = batch.getData().head();
      assertThat(unused.getShape().get(0)).isEqualTo(2);
      batch.close();
    }
  }
}
