package dev.datamgmt.benchmarks.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datamgmt.core.internal.json.Json;
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
      avg, val_per_class = args["avg"], int(args["valPerClass"])
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
      vx = vy = None
      if not full:
          sizes = [max(1, int(math.floor(math.floor(6000 * 100 ** (-c / 9)) * scale))) for c in range(10)]
          keep, taken, rank = [], [0] * 10, []
          for i, c in enumerate(y):
              rank.append(taken[c])
              taken[c] += 1
              if rank[i] < sizes[c]:
                  keep.append(i)
          # held-out validation: up to val_per_class unused images per class from the end of the file
          held, got = [], [0] * 10
          for i in range(len(y) - 1, -1, -1):
              c = y[i]
              if got[c] < val_per_class and rank[i] >= sizes[c]:
                  got[c] += 1
                  held.append(i)
          held.sort()
          assert not set(held) & set(keep), "validation overlaps the training subset"
          vx, vy = x[held], y[held]
          x, y = x[keep], y[keep]
      elif scale < 1:
          x, y = x[: int(len(y) * scale)], y[: int(len(y) * scale)]
      tx, ty = idx("t10k")
      tx, ty = tx[:test_limit], ty[:test_limit]
      background = 0.0
      if norm:
          x, tx, background = (x - MEAN) / STD, (tx - MEAN) / STD, -MEAN / STD
          vx = None if vx is None else (vx - MEAN) / STD
      tx, ty = torch.from_numpy(tx), torch.from_numpy(ty)
      if vx is not None:
          vx, vy = torch.from_numpy(vx), torch.from_numpy(vy)
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

      by_class = [torch.nonzero(y == c).flatten() for c in range(10)]
      g = torch.Generator().manual_seed(seed)

      def stratified(per_class):
          # every batch: per_class of each class from its own shuffled pool (reshuffled when used up), the rest of
          # the batch from the class pools in turn; the batch shuffled
          pools = [p[torch.randperm(len(p), generator=g)] for p in by_class]
          pos, out, rest_slot = [0] * 10, [], 0
          def nxt(c):
              nonlocal pools
              if pos[c] == len(pools[c]):
                  pos[c] = 0
                  pools[c] = pools[c][torch.randperm(len(pools[c]), generator=g)]
              pos[c] += 1
              return int(pools[c][pos[c] - 1])
          for b in range((draws + 127) // 128):
              batch = [nxt(c) for c in range(10) for _ in range(per_class)]
              for _ in range(128 - 10 * per_class):
                  batch.append(nxt(rest_slot % 10))
                  rest_slot += 1
              out.extend(batch[i] for i in torch.randperm(len(batch), generator=g).tolist())
          return torch.tensor(out)

      def order_for(epoch):
          kind = sampler
          if kind.startswith("strat"):
              return stratified(int(kind[5:]))
          if kind.startswith("drs"):
              kind = "cb" if epoch >= int(kind[3:]) else "uniform"
          if kind == "cb":
              return torch.multinomial((1.0 / counts)[y], draws, replacement=True)
          if kind == "sqrt":
              return torch.multinomial((1.0 / counts.sqrt())[y], draws, replacement=True)
          return torch.randperm(n)

      def loss_for(epoch, out, yb):
          if loss_name.startswith("ls"):
              return F.cross_entropy(out, yb, label_smoothing=float(loss_name[2:]))
          if loss_name == "focal":
              return focal(out, yb)
          if loss_name.startswith("bsm"):
              return F.cross_entropy(out + float(loss_name[3:] or 1) * log_prior, yb)
          if loss_name.startswith("drw") and epoch >= int(loss_name[3:]):
              w = 1.0 / counts
              return F.cross_entropy(out, yb, weight=(w / w.sum() * len(w)).float())
          return F.cross_entropy(out, yb)

      # weight averaging for evaluation, as TrainingLoop.optWeightAveraging: a bias-corrected EMA of the weights
      # after every step (emaD), or their plain mean from epoch K on (swaK); avg += k_t * (w - avg)
      avg_state, avg_updates = None, 0

      def average_step(epoch):
          global avg_state, avg_updates
          if avg == "none" or (avg.startswith("swa") and epoch < int(avg[3:])):
              return
          avg_updates += 1
          if avg.startswith("ema"):
              d = float(avg[3:])
              k = (1 - d) / (1 - d ** avg_updates)
          else:
              k = 1.0 / avg_updates
          with torch.no_grad():
              if avg_state is None:
                  avg_state = [torch.zeros_like(p) for p in net.state_dict().values()]
              for a, w in zip(avg_state, net.state_dict().values()):
                  a.add_(w - a, alpha=k)

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
              average_step(epoch)
              lv = loss.item()
              if not math.isfinite(lv):
                  raise SystemExit(f"non-finite loss in epoch {epoch}")
          epoch_seconds.append((time.perf_counter() - start) / len(order))

      if avg_state is not None:
          with torch.no_grad():
              for a, w in zip(avg_state, net.state_dict().values()):
                  w.copy_(a)
      net.eval()

      def logits_of(xs):
          with torch.no_grad():
              return torch.cat([net(xs[i:i + 1000]) for i in range(0, len(xs), 1000)])

      def recalls_of(pred, ys):
          out = []
          for c in range(10):
              m = ys == c
              out.append(float((pred[m] == c).float().mean()) if m.any() else float("nan"))
          return out

      def balanced(rs):
          present = [r for r in rs if not math.isnan(r)]
          return sum(present) / len(present)

      vlogits = None if vx is None else logits_of(vx)
      if math.isnan(tau) or tau == -math.inf:
          # tau=val: maximize validation balanced accuracy; tau=valmin: its smallest recall, ties to balanced accuracy
          by_min, tau, best = tau == -math.inf, 0.0, (-1.0, -1.0)
          for k in range(-10, 21):
              rs = recalls_of((vlogits - k * 0.05 * log_prior).argmax(1), vy)
              score = (min(r for r in rs if not math.isnan(r)), balanced(rs)) if by_min else (balanced(rs), 0.0)
              if score[0] > best[0] + 1e-12 or (abs(score[0] - best[0]) <= 1e-12 and score[1] > best[1] + 1e-12):
                  best, tau = score, k * 0.05
      pred = (logits_of(tx) - tau * log_prior).argmax(1)
      recalls = recalls_of(pred, ty)
      val_ba = val_min = None
      if vlogits is not None:
          vrec = recalls_of((vlogits - tau * log_prior).argmax(1), vy)
          val_ba, val_min = balanced(vrec), min(r for r in vrec if not math.isnan(r))
      print(json.dumps({"accuracy": float((pred == ty).float().mean()), "balancedAccuracy": balanced(recalls),
                        "recalls": recalls, "samplesPerSecond": sorted(1 / s for s in epoch_seconds)[len(epoch_seconds) // 2],
                        "trainSize": n, "torch": torch.__version__, "valBalancedAccuracy": val_ba,
                        "valSmallestRecall": val_min, "tau": tau}))
      """;

  /** What the peer printed. */
  record Result(double accuracy, double balancedAccuracy, double[] recalls, double samplesPerSecond, int trainSize,
      String version, double valBalancedAccuracy, double valSmallestRecall) {}

  private PytorchPeer() {}

  private static double number(JsonNode n, String field) {
    return n.path(field).isNumber() ? n.path(field).asDouble() : Double.NaN;
  }

  static boolean available() {
    return Files.isExecutable(Path.of(PYTHON));
  }

  /** Runs {@code recipe} on the long-tailed subset, or on the full training set when {@code full}. */
  static Result run(LongTailFashionMnistBenchmark.Recipe recipe, boolean full, int epochs, int threads, double scale,
      int testLimit, long seed, Path data, int valPerClass) throws IOException, InterruptedException {
    Path script = Files.createTempFile("datamgmt-train-peer", ".py");
    try {
      Files.writeString(script, SCRIPT.stripIndent(), StandardCharsets.UTF_8);
      List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), "full=" + full, "sampler=" + recipe.sampler(),
          "loss=" + recipe.loss(), "aug=" + recipe.aug(), "norm=" + recipe.norm(), "init=" + recipe.init(),
          "tau=" + recipe.tau(), "epoch=" + (recipe.oversample() ? "oversampled" : "data"), "epochs=" + epochs,
          "threads=" + threads, "scale=" + scale, "testLimit=" + testLimit, "seed=" + seed, "data=" + data,
          "avg=" + recipe.avg(), "valPerClass=" + valPerClass));
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
          n.get("samplesPerSecond").asDouble(), n.get("trainSize").asInt(), n.get("torch").asText(),
          number(n, "valBalancedAccuracy"), number(n, "valSmallestRecall"));
    } finally {
      Files.deleteIfExists(script);
    }
  }
}
