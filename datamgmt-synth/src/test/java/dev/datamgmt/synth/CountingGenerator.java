package dev.datamgmt.synth;

import dev.datamgmt.core.label.ClassLabel;
import java.util.SplittableRandom;

/** A small real generator for the SPI tests: random bytes, a class label, optional failure at one index. */
final class CountingGenerator implements Generator {
  private final int bytes;
  private final long failAt;

  CountingGenerator(int bytes, long failAt) {
    this.bytes = bytes;
    this.failAt = failAt;
  }

  @Override
  public String name() {
    return "counting";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Object configuration() {
    return java.util.Map.of("bytes", bytes, "failAt", failAt);
  }

  @Override
  public GeneratedSample generate(long index, SplittableRandom random) {
    if (index == failAt) {
      throw new IllegalStateException("boom at " + index);
    }
    byte[] b = new byte[bytes];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return GeneratedSample.builder().setData(b, "application/octet-stream")
        .optLabel(ClassLabel.of(random.nextInt(3))).addAttribute("index", index).build();
  }
}
