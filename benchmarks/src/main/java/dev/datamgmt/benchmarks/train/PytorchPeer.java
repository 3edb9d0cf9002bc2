package dev.datamgmt.benchmarks.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datamgmt.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The PyTorch peer: the same data selection, network, batch size, optimizer and epochs in plain PyTorch 1.13
 * (Debian's python3-torch, run with /usr/bin/python3). Its script is kept here as text so that the benchmark
 * and its peer change together.
 */
final class PytorchPeer {
  static final String PYTHON = "/usr/bin/python3";

  static final String SCRIPT = """
      import gzip, json, math, sys, time
      import numpy as np
      import torch
      import torch.nn as nn
      import torch.nn.functional as F

      args = dict(a.split("=", 1) for a in sys.argv[1:])
      full, epochs, threads = args["full"] == "true", int(args["epochs"]), int(args["threads"])
      scale, test_limit, seed, data = float(args["scale"]), int(args["testLimit"]), int(args["seed"]), args["data"]
      sampler, loss_name, aug, norm = args["sampler"], args["loss"], args["aug"], args["norm"] == "true"
      init, tau, oversample = args["init"], float(args["tau"]), args["epoch"] == "oversampled"
      torch.set_num_threads(threads)
      torch.manual_seed(seed)
      np.random.seed(seed)
      MEAN, STD = 0.2860, 0.3530

      def idx(prefix):
          with gzip.open(f"{data}/{prefix}-images-idx3-ubyte.gz") as f:
              x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28).astype(np.float32) / 255
          with gzip.open(f"{data}/{prefix}-labels-idx1-ubyte.gz") as f:
              y = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
          return x, y

      x, y = idx("train")
      if not full:
          sizes = [max(1, int(math.floor(math.floor(6000 * 100 ** (-c / 9)) * scale))) for c in range(10)]
          keep, taken = [], [0] * 10
          for i, c in enumerate(y):
              if taken[c] < sizes[c]:
                  taken[c] += 1
                  keep.append(i)
          x, y = x[keep], y[keep]
      elif scale < 1:
          x, y = x[: int(len(y) * scale)], y[: int(len(y) * scale)]
      tx, ty = idx("t10k")
      tx, ty = tx[:test_limit], ty[:test_limit]
      background = 0.0
      if norm:
          x, tx, background = (x - MEAN) / STD, (tx - MEAN) / STD, -MEAN / STD
      tx, ty = torch.from_numpy(tx), torch.from_numpy(ty)
      x, y = torch.from_numpy(x), torch.from_numpy(y)
      n = len(y)

      net = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10))
      if init == "djl":
          # DJL's default: He-normal weights (std sqrt(2 / fan_in)) and zero biases
          for m in net:
              if isinstance(m, (nn.Conv2d, nn.Linear)):
                  nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
                  nn.init.zeros_(m.bias)
      opt = torch.optim.Adam(net.parameters(), lr=1e-3)
      counts = torch.bincount(y, minlength=10).double()
      draws = int(counts.max()) * 10 if oversample else n
      log_prior = torch.log(counts / counts.sum()).float()

      def focal(logits, target, gamma=2.0):
          logpt = F.log_softmax(logits, -1).gather(1, target.view(-1, 1)).squeeze(1)
          return (-(1 - logpt.exp()).pow(gamma) * logpt).mean()

      def flip(b):
          m = b.shape[0]
          on = torch.rand(m) < 0.5
          return torch.where(on.view(-1, 1, 1, 1), b.flip(3), b)

      def shift(b):
          # per-sample shift up to 10% of the size, bilinear, zero fill
          m = b.shape[0]
          t = (torch.rand(m, 2) * 2 - 1) * 0.1 * 2  # normalized coordinates span 2
          theta = torch.zeros(m, 2, 3)
          theta[:, 0, 0] = 1
          theta[:, 1, 1] = 1
          theta[:, :, 2] = t
          grid = F.affine_grid(theta, b.shape, align_corners=False)
          return F.grid_sample(b, grid, mode="bilinear", padding_mode="zeros", align_corners=False)

      def pad_crop(b, k=2):
          # pad k pixels with the background, crop a random 28x28 window: an integer shift of up to k pixels
          m = b.shape[0]
          p = F.pad(b, (k, k, k, k), value=background)
          dx, dy = torch.randint(0, 2 * k + 1, (m,)), torch.randint(0, 2 * k + 1, (m,))
          rows = (dy.view(-1, 1) + torch.arange(28)).view(m, 1, 28, 1).expand(m, 1, 28, 28 + 2 * k)
          p = p.gather(2, rows)
          cols = (dx.view(-1, 1) + torch.arange(28)).view(m, 1, 1, 28).expand(m, 1, 28, 28)
          return p.gather(3, cols)

      def augment(b):
          if aug == "flipshift":
              return shift(flip(b))
          if aug == "flip2px":
              return pad_crop(flip(b))
          if aug == "2px":
              return pad_crop(b)
          if aug == "flip":
              return flip(b)
          return b

      def order_for(epoch):
          kind = sampler
          if kind.startswith("drs"):
              kind = "cb" if epoch >= int(kind[3:]) else "uniform"
          if kind == "cb":
              return torch.multinomial((1.0 / counts)[y], draws, replacement=True)
          if kind == "sqrt":
              return torch.multinomial((1.0 / counts.sqrt())[y], draws, replacement=True)
          return torch.randperm(n)

      def loss_for(epoch, out, yb):
          if loss_name == "focal":
              return focal(out, yb)
          if loss_name.startswith("bsm"):
              return F.cross_entropy(out + float(loss_name[3:] or 1) * log_prior, yb)
          if loss_name.startswith("drw") and epoch >= int(loss_name[3:]):
              w = 1.0 / counts
              return F.cross_entropy(out, yb, weight=(w / w.sum() * len(w)).float())
          return F.cross_entropy(out, yb)

      epoch_seconds = []
      for epoch in range(epochs):
          net.train()
          order = order_for(epoch)
          start = time.perf_counter()
          for b in range(0, len(order), 128):
              idx_b = order[b:b + 128]
              xb, yb = x[idx_b], y[idx_b]
              if aug != "none":
                  xb = augment(xb)
              out = net(xb)
              loss = loss_for(epoch, out, yb)
              opt.zero_grad()
              loss.backward()
              opt.step()
              lv = loss.item()
              if not math.isfinite(lv):
                  raise SystemExit(f"non-finite loss in epoch {epoch}")
          epoch_seconds.append((time.perf_counter() - start) / len(order))

      net.eval()
      with torch.no_grad():
          pred = torch.cat([(net(tx[i:i + 1000]) - tau * log_prior).argmax(1) for i in range(0, len(ty), 1000)])
      recalls = []
      for c in range(10):
          m = ty == c
          recalls.append(float((pred[m] == c).float().mean()) if m.any() else float("nan"))
      present = [r for r in recalls if not math.isnan(r)]
      print(json.dumps({"accuracy": float((pred == ty).float().mean()), "balancedAccuracy": sum(present) / len(present),
                        "recalls": recalls, "samplesPerSecond": sorted(1 / s for s in epoch_seconds)[len(epoch_seconds) // 2],
                        "trainSize": n, "torch": torch.__version__}))
      """;

  /** What the peer printed. */
  record Result(double accuracy, double balancedAccuracy, double[] recalls, double samplesPerSecond, int trainSize,
      String version) {}

  private PytorchPeer() {}

  static boolean available() {
    return Files.isExecutable(Path.of(PYTHON));
  }

  /** Runs {@code recipe} on the long-tailed subset, or on the full training set when {@code full}. */
  static Result run(LongTailFashionMnistBenchmark.Recipe recipe, boolean full, int epochs, int threads, double scale,
      int testLimit, long seed, Path data) throws IOException, InterruptedException {
    Path script = Files.createTempFile("datamgmt-train-peer", ".py");
    try {
      Files.writeString(script, SCRIPT.stripIndent(), StandardCharsets.UTF_8);
      List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), "full=" + full, "sampler=" + recipe.sampler(),
          "loss=" + recipe.loss(), "aug=" + recipe.aug(), "norm=" + recipe.norm(), "init=" + recipe.init(),
          "tau=" + recipe.tau(), "epoch=" + (recipe.oversample() ? "oversampled" : "data"), "epochs=" + epochs,
          "threads=" + threads, "scale=" + scale, "testLimit=" + testLimit, "seed=" + seed, "data=" + data));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      int rc = p.waitFor();
      if (rc != 0) {
        throw new IOException("PyTorch peer exited with " + rc + ": " + out);
      }
      String last = out.substring(out.lastIndexOf('\n') + 1);
      JsonNode n = Json.mapper().readTree(last);
      double[] rec = new double[n.get("recalls").size()];
      for (int i = 0; i < rec.length; i++) {
        rec[i] = n.get("recalls").get(i).asDouble();
      }
      return new Result(n.get("accuracy").asDouble(), n.get("balancedAccuracy").asDouble(), rec,
          n.get("samplesPerSecond").asDouble(), n.get("trainSize").asInt(), n.get("torch").asText());
    } finally {
      Files.deleteIfExists(script);
    }
  }
}
