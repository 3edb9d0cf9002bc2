package dev.datamgmt.benchmarks.augment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers: the standard pipeline in torchvision 0.14 on uint8 tensors (per sample, as a DataLoader worker
 * runs it) and the Albumentations way on uint8 with OpenCV 4.6, run with Debian's /usr/bin/python3; modes
 * {@code torchvision-ra} and {@code opencv-ra} run the RandAugment classification pipeline. The script
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
      elif mode == "torchvision-ra":
          import torch
          import torchvision.transforms as T
          torch.set_num_threads(threads)
          tf = T.Compose([
              T.RandomResizedCrop(224, scale=(0.08, 1.0), interpolation=T.InterpolationMode.BILINEAR),
              T.RandomHorizontalFlip(0.5),
              T.RandAugment(num_ops=2, magnitude=9),
              T.ConvertImageDtype(torch.float32),
              T.Normalize(MEAN.tolist(), STD.tolist()),
          ])
          imgs = [torch.from_numpy(b).permute(2, 0, 1).contiguous() for b in base]
          def run(i):
              return tf(imgs[i % len(imgs)])
      elif mode == "opencv-ra":
          # RandAugment(2, 9) written with OpenCV/numpy on uint8 HWC, the way Albumentations implements each op.
          import cv2
          cv2.setNumThreads(threads)
          mean255, std255 = MEAN * 255, STD * 255
          M = 9 / 30
          def gray_mean(img):
              return cv2.cvtColor(img, cv2.COLOR_RGB2GRAY).mean()
          def affine(img, m):
              return cv2.warpAffine(img, m.astype(np.float32), (img.shape[1], img.shape[0]), flags=cv2.INTER_NEAREST,
                                    borderMode=cv2.BORDER_CONSTANT, borderValue=0)
          def sign():
              return -1 if random.random() < 0.5 else 1
          def op(img, k):
              h, w = img.shape[:2]
              if k == 0:
                  return img
              if k == 1:
                  return affine(img, np.array([[1, sign() * 0.3 * M, 0], [0, 1, 0]]))
              if k == 2:
                  return affine(img, np.array([[1, 0, 0], [sign() * 0.3 * M, 1, 0]]))
              if k == 3:
                  return affine(img, np.array([[1, 0, sign() * int(150 / 331 * w * M)], [0, 1, 0]]))
              if k == 4:
                  return affine(img, np.array([[1, 0, 0], [0, 1, sign() * int(150 / 331 * h * M)]]))
              if k == 5:
                  return affine(img, cv2.getRotationMatrix2D((w / 2, h / 2), sign() * 30 * M, 1.0))
              f = 1 + sign() * 0.9 * M
              if k == 6:
                  return cv2.LUT(img, np.clip(np.arange(256) * f, 0, 255).astype(np.uint8))
              if k == 7:
                  g = cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)
                  return cv2.addWeighted(img, f, g, 1 - f, 0)
              if k == 8:
                  mean = gray_mean(img)
                  return cv2.LUT(img, np.clip(np.arange(256) * f + mean * (1 - f), 0, 255).astype(np.uint8))
              if k == 9:
                  kern = np.array([[1, 1, 1], [1, 5, 1], [1, 1, 1]], np.float32) / 13
                  blur = cv2.filter2D(img, -1, kern)
                  return cv2.addWeighted(img, f, blur, 1 - f, 0)
              if k == 10:
                  bits = 8 - round(9 / 7.5)
                  return np.bitwise_and(img, np.uint8((0xFF << (8 - bits)) & 0xFF))
              if k == 11:
                  t = 255 * (1 - M)
                  return cv2.LUT(img, np.where(np.arange(256) >= t, 255 - np.arange(256), np.arange(256)).astype(np.uint8))
              if k == 12:
                  out = np.empty_like(img)
                  for c in range(3):
                      ch = img[:, :, c]
                      lo, hi = int(ch.min()), int(ch.max())
                      if hi > lo:
                          lut = np.clip((np.arange(256) - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)
                          out[:, :, c] = cv2.LUT(ch, lut)
                      else:
                          out[:, :, c] = ch
                  return out
              return cv2.merge([cv2.equalizeHist(c) for c in cv2.split(img)])
          def run(i):
              img = base[i % len(base)]
              h, w = img.shape[:2]
              area = h * w
              for _ in range(10):
                  ta = area * random.uniform(0.08, 1.0)
                  ar = math.exp(random.uniform(math.log(3 / 4), math.log(4 / 3)))
                  cw, ch = int(round(math.sqrt(ta * ar))), int(round(math.sqrt(ta / ar)))
                  if 0 < cw <= w and 0 < ch <= h:
                      x, y = random.randint(0, w - cw), random.randint(0, h - ch)
                      break
              else:
                  cw, ch, x, y = w, h, 0, 0
              img = cv2.resize(img[y:y + ch, x:x + cw], (224, 224), interpolation=cv2.INTER_LINEAR)
              if random.random() < 0.5:
                  img = cv2.flip(img, 1)
              for _ in range(2):
                  img = op(img, random.randrange(14))
              return (img.astype(np.float32) - mean255) / std255
      elif mode == "opencv-det":
          # Letterbox to 640, YOLO's mosaic with three partners of the batch (each letterboxed once per batch, as the
          # Java side does), Albumentations' HueSaturationValue on uint8 (lookup tables in OpenCV's HSV), flip; boxes
          # and instance masks move with the image.
          import cv2
          cv2.setNumThreads(threads)
          drng = np.random.default_rng(1)
          dbase = []
          for _ in range(16):
              img = drng.integers(0, 256, (480, 640, 3), dtype=np.uint8)
              boxes, masks = [], []
              for k in range(4):
                  x1, y1 = int(drng.integers(0, 540)), int(drng.integers(0, 380))
                  bw, bh = 20 + int(drng.integers(0, 80)), 20 + int(drng.integers(0, 80))
                  boxes.append([x1, y1, x1 + bw, y1 + bh])
                  m = np.zeros((480, 640), np.uint8)
                  m[y1:y1 + bh, x1:x1 + bw] = 1
                  masks.append(m)
              dbase.append((img, np.array(boxes, np.float32), masks))
          S = 640
          def letterbox(sample):
              img, boxes, masks = sample
              h, w = img.shape[:2]
              r = S / max(h, w)
              nw, nh = round(w * r), round(h * r)
              top, left = (S - nh) // 2, (S - nw) // 2
              pad = lambda a, v: cv2.copyMakeBorder(a, top, S - nh - top, left, S - nw - left, cv2.BORDER_CONSTANT,
                                                    value=v)
              out = pad(cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR), (114, 114, 114))
              ms = [pad(cv2.resize(m, (nw, nh), interpolation=cv2.INTER_NEAREST), 0) for m in masks]
              return out, boxes * r + np.array([left, top, left, top], np.float32), ms
          def mosaic(parts):
              cx, cy = int(S * random.uniform(0.25, 0.75)), int(S * random.uniform(0.25, 0.75))
              out = np.empty((S, S, 3), np.uint8)
              quads = [(0, 0, cx, cy, cx - S, cy - S), (cx, 0, S, cy, cx, cy - S), (0, cy, cx, S, cx - S, cy),
                       (cx, cy, S, S, cx, cy)]
              boxes, masks = [], []
              for (x0, y0, x1, y1, dx, dy), (img, bx, ms) in zip(quads, parts):
                  out[y0:y1, x0:x1] = img[y0 - dy:y1 - dy, x0 - dx:x1 - dx]
                  moved = bx + np.array([dx, dy, dx, dy], np.float32)
                  cut = np.stack([np.maximum(moved[:, 0], x0), np.maximum(moved[:, 1], y0),
                                  np.minimum(moved[:, 2], x1), np.minimum(moved[:, 3], y1)], 1)
                  area = (moved[:, 2] - moved[:, 0]) * (moved[:, 3] - moved[:, 1])
                  vis = np.clip(cut[:, 2] - cut[:, 0], 0, None) * np.clip(cut[:, 3] - cut[:, 1], 0, None) / area
                  for k in np.nonzero(vis >= 0.25)[0]:
                      boxes.append(cut[k])
                      m = np.zeros((S, S), np.uint8)
                      m[y0:y1, x0:x1] = ms[k][y0 - dy:y1 - dy, x0 - dx:x1 - dx]
                      masks.append(m)
              return out, np.array(boxes, np.float32).reshape(-1, 4), masks
          def hsv(img):
              h, s, v = cv2.split(cv2.cvtColor(img, cv2.COLOR_RGB2HSV))
              x = np.arange(256, dtype=np.int16)
              h = cv2.LUT(h, ((x + random.uniform(-20, 20)) % 180).astype(np.uint8))
              s = cv2.LUT(s, np.clip(x + random.uniform(-30, 30), 0, 255).astype(np.uint8))
              v = cv2.LUT(v, np.clip(x + random.uniform(-20, 20), 0, 255).astype(np.uint8))
              return cv2.cvtColor(cv2.merge((h, s, v)), cv2.COLOR_HSV2RGB)
          batch = []
          def run(i):
              global batch
              if i % 64 == 0 or not batch:
                  batch = [letterbox(dbase[(i + k) % len(dbase)]) for k in range(64)]
              parts = [batch[i % 64]] + [batch[random.randrange(64)] for _ in range(3)]
              img, boxes, masks = mosaic(parts)
              img = hsv(img)
              if random.random() < 0.5:
                  img = cv2.flip(img, 1)
                  masks = [cv2.flip(m, 1) for m in masks]
                  boxes = np.stack([S - boxes[:, 2], boxes[:, 1], S - boxes[:, 0], boxes[:, 3]], 1)
              return img, boxes, masks
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
