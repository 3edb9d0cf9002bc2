package dev.datamgmt.benchmarks.augment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers: the standard pipeline in torchvision 0.14 on uint8 tensors (per sample, as a DataLoader worker
 * runs it) and the Albumentations way on uint8 with OpenCV 4.6, run with Debian's /usr/bin/python3. The script
 * is kept here as text so the benchmark and its peers change together.
 */
final class PythonPeers {
  static final String PYTHON = "/usr/bin/python3";

  static final String SCRIPT = """
      import math, random, statistics, sys, time
      import numpy as np
      args = dict(a.split("=", 1) for a in sys.argv[1:])
      mode, threads, count, repeats = args["mode"], int(args["threads"]), int(args["images"]), int(args["repeats"])
      rng = np.random.default_rng(1)
      # The same kind of input as the Java side: distinct smooth-ish 224x224 RGB uint8 images.
      base = [rng.integers(0, 256, (224, 224, 3), dtype=np.uint8) for _ in range(16)]
      MEAN = np.array([0.485, 0.456, 0.406], np.float32)
      STD = np.array([0.229, 0.224, 0.225], np.float32)

      if mode == "torchvision":
          import torch
          import torchvision.transforms as T
          torch.set_num_threads(threads)
          tf = T.Compose([
              T.RandomHorizontalFlip(0.5),
              T.RandomAffine(degrees=15, translate=(0.1, 0.1), scale=(0.9, 1.1), shear=10,
                             interpolation=T.InterpolationMode.BILINEAR),
              T.ColorJitter(brightness=0.4, contrast=0.4, saturation=0.4),
              T.ConvertImageDtype(torch.float32),
              T.Normalize(MEAN.tolist(), STD.tolist()),
          ])
          imgs = [torch.from_numpy(b).permute(2, 0, 1).contiguous() for b in base]
          def run(i):
              return tf(imgs[i % len(imgs)])
      else:
          import cv2
          cv2.setNumThreads(threads)
          mean255, std255 = MEAN * 255, STD * 255
          def run(i):
              img = base[i % len(base)]
              if random.random() < 0.5:
                  img = cv2.flip(img, 1)
              a = math.radians(random.uniform(-15, 15))
              s = random.uniform(0.9, 1.1)
              sh = math.tan(math.radians(random.uniform(-10, 10)))
              tx, ty = random.uniform(-0.1, 0.1) * 224, random.uniform(-0.1, 0.1) * 224
              c, si = math.cos(a), math.sin(a)
              m = np.array([[c, -si], [si, c]]) @ np.array([[1, sh], [0, 1]]) * s
              off = np.array([112 + tx, 112 + ty]) - m @ np.array([112, 112])
              img = cv2.warpAffine(img, np.hstack([m, off[:, None]]).astype(np.float32), (224, 224),
                                   flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
              # Albumentations' ColorJitter on uint8: brightness and contrast through lookup tables,
              # saturation by blending with the grey image.
              b = random.uniform(0.6, 1.4)
              img = cv2.LUT(img, np.clip(np.arange(256) * b, 0, 255).astype(np.uint8))
              k = random.uniform(0.6, 1.4)
              mean = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY).mean()
              img = cv2.LUT(img, np.clip(np.arange(256) * k + mean * (1 - k), 0, 255).astype(np.uint8))
              sat = random.uniform(0.6, 1.4)
              gray = cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)
              img = cv2.addWeighted(img, sat, gray, 1 - sat, 0)
              return (img.astype(np.float32) - mean255) / std255
      for i in range(min(count, 50)):
          run(i)
      rates = []
      for r in range(repeats):
          t = time.perf_counter()
          for i in range(count):
              run(i)
          rates.append(count / (time.perf_counter() - t))
      print("RATES " + " ".join(f"{x:.1f}" for x in rates))
      """;

  private PythonPeers() {}

  /** Runs one peer and returns its images/s per repeat. */
  static List<Double> run(String mode, int threads, int images, int repeats) throws IOException, InterruptedException {
    Path script = Files.createTempFile("augment-peer", ".py");
    try {
      Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
      ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString(), "mode=" + mode, "threads=" + threads,
          "images=" + images, "repeats=" + repeats);
      pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = p.waitFor();
      if (rc != 0) {
        throw new IOException("peer " + mode + " failed with exit code " + rc + ":\n" + out);
      }
      for (String line : out.split("\n")) {
        if (line.startsWith("RATES ")) {
          List<Double> rates = new ArrayList<>();
          for (String v : line.substring(6).trim().split(" ")) {
            rates.add(Double.parseDouble(v));
          }
          return rates;
        }
      }
      throw new IOException("peer " + mode + " printed no RATES line:\n" + out);
    } finally {
      Files.deleteIfExists(script);
    }
  }
}
