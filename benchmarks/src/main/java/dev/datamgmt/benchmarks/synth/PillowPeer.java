package dev.datamgmt.benchmarks.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The peer: a trdg-style text line in Pillow (random DejaVu font from fonts-dejavu-core, size 20-36, 2-5 words,
 * Gaussian-noise background, skew ±3° by rotating the rendered line, Gaussian blur 0-1.2, resized to height 32),
 * one thread, run with Debian's /usr/bin/python3 (python3-pil, python3-numpy). With {@code png=true} each line is
 * also encoded as PNG, as ours is when it is stored. The script is kept here so the benchmark and its peer change
 * together.
 */
final class PillowPeer {
  static final String PYTHON = "/usr/bin/python3";

  static final String SCRIPT = """
      import io, random, sys, time
      import numpy as np
      from PIL import Image, ImageDraw, ImageFilter, ImageFont
      args = dict(a.split("=", 1) for a in sys.argv[1:])
      lines, repeats, png = int(args["lines"]), int(args["repeats"]), args["png"] == "true"
      words = args["words"].split(",")
      fonts = ["/usr/share/fonts/truetype/dejavu/" + f for f in
               ["DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf"]]
      cache = {}
      def font(path, size):
          key = (path, size)
          if key not in cache:
              cache[key] = ImageFont.truetype(path, size)
          return cache[key]
      rng = random.Random(0)
      nrng = np.random.default_rng(0)
      def line():
          text = " ".join(rng.choice(words) for _ in range(rng.randint(2, 5)))
          f = font(rng.choice(fonts), rng.randint(20, 36))
          l, t, r, b = f.getbbox(text)
          w, h = r + 8, b + 8
          bg = np.clip(rng.uniform(200, 255) + nrng.normal(0, 12, (h, w)), 0, 255).astype(np.uint8)
          img = Image.fromarray(bg).convert("RGB")
          ImageDraw.Draw(img).text((4, 4), text, font=f, fill=(0, 0, 0))
          img = img.rotate(rng.uniform(-3, 3), resample=Image.BILINEAR, expand=True, fillcolor=(230, 230, 230))
          sigma = rng.uniform(0, 1.2)
          if sigma >= 0.3:
              img = img.filter(ImageFilter.GaussianBlur(sigma))
          img = img.resize((max(1, round(img.width * 32 / img.height)), 32), Image.BILINEAR)
          if png:
              buf = io.BytesIO()
              img.save(buf, format="PNG")
          return img
      for _ in range(min(lines, 200)):
          line()
      rates = []
      for _ in range(repeats):
          t = time.perf_counter()
          for _ in range(lines):
              line()
          rates.append(lines / (time.perf_counter() - t))
      print("RATES " + " ".join(f"{x:.1f}" for x in rates))
      """;

  private PillowPeer() {}

  /** Runs the peer and returns its lines/s per repeat. */
  static List<Double> run(int lines, int repeats, boolean png, List<String> words)
      throws IOException, InterruptedException {
    Path script = Files.createTempFile("synth-peer", ".py");
    try {
      Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
      ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString(), "lines=" + lines, "repeats=" + repeats,
          "png=" + png, "words=" + String.join(",", words));
      pb.environment().put("OMP_NUM_THREADS", "1");
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = p.waitFor();
      if (rc != 0) {
        throw new IOException("Pillow peer failed with exit code " + rc + ":\n" + out);
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
      throw new IOException("Pillow peer printed no RATES line:\n" + out);
    } finally {
      Files.deleteIfExists(script);
    }
  }
}
