package dev.datamgmt.samples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's tour cannot rot: every code block marked {@code <!-- tour:NAME -->} in README.md must be, line for
 * line, the region between {@code // tour:NAME:start} and {@code // tour:NAME:end} of a sample under
 * {@code samples/src/main/java} (compiled and run by the samples' tests), with the region's common indentation
 * removed. A differing block fails naming it, with a unified diff; a marked block without a region, a region
 * without a block and a region opened twice or never closed fail too.
 *
 * <p>After changing a sample, {@code mvn -B -q -pl samples -am test -Dtest=ReadmeTourTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtour.write=true} rewrites the marked README blocks from the regions.
 */
class ReadmeTourTest {
  private static final Path README = Path.of("../README.md");
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern REGION = Pattern.compile("^\\s*// tour:([a-z0-9-]+):(start|end)\\s*$");
  private static final Pattern MARK = Pattern.compile("^<!-- tour:([a-z0-9-]+)\\b.*-->\\s*$");

  /** A region of a sample: its name, file and dedented lines. */
  record Region(String name, Path file, List<String> lines) {}

  /** A marked README block: its name and the line numbers (0-based) of its fences. */
  record Block(String name, int open, int close) {}

  @Test
  void everyMarkedReadmeBlock_isItsSampleRegion() throws IOException {
    Map<String, Region> regions = regions(SOURCES);
    List<String> readme = Files.readAllLines(README, StandardCharsets.UTF_8);
    Map<String, Block> blocks = blocks(readme);
    if (Boolean.getBoolean("tour.write")) {
      readme = rewrite(readme, blocks, regions);
      Files.write(README, readme, StandardCharsets.UTF_8);
      blocks = blocks(readme);
    }
    assertTrue(blocks.size() >= 8, "expected the README's tour blocks, found " + blocks.keySet());
    List<String> problems = new ArrayList<>();
    for (Block b : blocks.values()) {
      Region r = regions.get(b.name());
      if (r == null) {
        problems.add("README block tour:" + b.name() + " (README.md line " + (b.open() + 1)
            + ") has no region '// tour:" + b.name() + ":start' in " + SOURCES.toAbsolutePath().normalize());
        continue;
      }
      List<String> shown = readme.subList(b.open() + 1, b.close());
      if (!shown.equals(r.lines())) {
        String diff = String.join("\n", UnifiedDiffUtils.generateUnifiedDiff("README.md tour:" + b.name(),
            r.file() + " tour:" + b.name(), shown, DiffUtils.diff(shown, r.lines()), 2));
        problems.add("README block tour:" + b.name() + " (README.md line " + (b.open() + 1)
            + ") differs from its sample region in " + r.file() + ":\n" + diff);
      }
    }
    for (Region r : regions.values()) {
      if (!blocks.containsKey(r.name())) {
        problems.add("region tour:" + r.name() + " of " + r.file() + " is shown nowhere in README.md (mark a code"
            + " block with <!-- tour:" + r.name() + " -->)");
      }
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " tour problem(s); rerun with -Dtour.write=true to copy the regions into README.md\n"
          + String.join("\n\n", problems));
    }
  }

  @Test
  void regions_areDedentedAndMustBeClosed(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("A.java"), String.join("\n", "class A {", "  void f() {",
        "    // tour:demo:start", "    int x = 1;", "      x++;", "", "    // tour:demo:end", "  }", "}"));
    Region r = regions(dir).get("demo");
    assertEquals(List.of("int x = 1;", "  x++;", ""), r.lines());
    Files.writeString(dir.resolve("B.java"), "// tour:open:start\nint y;\n");
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> regions(dir));
    assertTrue(e.getMessage().contains("tour:open"), e.getMessage());
  }

  static Map<String, Region> regions(Path root) throws IOException {
    Map<String, Region> out = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      String open = null;
      int from = -1;
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = REGION.matcher(lines.get(i));
        if (!m.matches()) {
          continue;
        }
        String name = m.group(1);
        if (m.group(2).equals("start")) {
          if (open != null) {
            throw new IllegalStateException(file + ":" + (i + 1) + ": tour:" + name + " starts inside tour:" + open);
          }
          if (out.containsKey(name)) {
            throw new IllegalStateException(file + ":" + (i + 1) + ": tour:" + name + " is also in "
                + out.get(name).file());
          }
          open = name;
          from = i + 1;
        } else {
          if (!name.equals(open)) {
            throw new IllegalStateException(file + ":" + (i + 1) + ": tour:" + name + ":end without its start"
                + (open == null ? "" : " (tour:" + open + " is open)"));
          }
          out.put(name, new Region(name, file, dedent(lines.subList(from, i))));
          open = null;
        }
      }
      if (open != null) {
        throw new IllegalStateException(file + ": tour:" + open + " is never closed (// tour:" + open + ":end)");
      }
    }
    return out;
  }

  static Map<String, Block> blocks(List<String> readme) {
    Map<String, Block> out = new LinkedHashMap<>();
    for (int i = 0; i < readme.size(); i++) {
      Matcher m = MARK.matcher(readme.get(i));
      if (!m.matches()) {
        continue;
      }
      int open = i + 1;
      if (open >= readme.size() || !readme.get(open).startsWith("```")) {
        throw new IllegalStateException("README.md line " + (i + 1) + ": tour:" + m.group(1)
            + " must be followed by a ``` code block");
      }
      int close = open + 1;
      while (close < readme.size() && !readme.get(close).equals("```")) {
        close++;
      }
      if (close == readme.size()) {
        throw new IllegalStateException("README.md line " + (open + 1) + ": the code block is never closed");
      }
      if (out.put(m.group(1), new Block(m.group(1), open, close)) != null) {
        throw new IllegalStateException("README.md line " + (i + 1) + ": tour:" + m.group(1) + " marked twice");
      }
    }
    return out;
  }

  private static List<String> rewrite(List<String> readme, Map<String, Block> blocks, Map<String, Region> regions) {
    List<String> out = new ArrayList<>(readme);
    List<Block> bottomUp = new ArrayList<>(blocks.values());
    bottomUp.sort((a, b) -> Integer.compare(b.open(), a.open()));
    for (Block b : bottomUp) {
      Region r = regions.get(b.name());
      if (r != null) {
        out.subList(b.open() + 1, b.close()).clear();
        out.addAll(b.open() + 1, r.lines());
      }
    }
    return out;
  }

  private static List<String> dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(indent == Integer.MAX_VALUE ? 0 : indent));
    }
    return out;
  }
}
