package dev.datamgmt.train.finetune;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.NotFoundException;
import dev.datamgmt.core.error.UnsupportedFormatException;
import dev.datamgmt.core.hash.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Starting points for fine-tuning.
 *
 * <pre>{@code
 * // a DJL model saved earlier: DJL stores parameters, so pass the same architecture
 * Model base = FineTuning.loadDjl(dir, "classifier", architecture());
 * SequentialBlock tuned = FineTuning.replaceHead((SequentialBlock) base.getBlock(), Linear.builder().setUnits(5).build());
 * FineTuning.freeze(tuned, 0, tuned.getChildren().size() - 1);   // train the head only
 * base.setBlock(tuned);
 *
 * // a TorchScript backbone: its output becomes the features of a new head
 * Model ts = FineTuning.loadTorchScript(Path.of("backbone.pt"));
 * ts.setBlock(FineTuning.withHead(ts.getBlock(), Linear.builder().setUnits(5).build(), true));
 * }</pre>
 */
public final class FineTuning {
  private FineTuning() {}

  /**
   * Loads a model saved with DJL's {@link Model#save} (or {@code ModelLineage.save}) into {@code architecture}.
   *
   * @throws NotFoundException if the directory has no parameter file for {@code name}
   * @throws UnsupportedFormatException if the parameters do not fit the architecture
   */
  public static Model loadDjl(Path dir, String name, Block architecture) throws DataException, IOException {
    requireParams(dir, name);
    Model model = Model.newInstance(name);
    model.setBlock(architecture);
    try {
      model.load(dir, name);
      checkConsumedEverything(model, dir, name);
    } catch (MalformedModelException | IllegalArgumentException | IllegalStateException | IOException e) {
      model.close();
      throw new UnsupportedFormatException("parameters do not fit the architecture", dir.resolve(name).toString(),
          "parameters of " + architecture.getClass().getSimpleName(), String.valueOf(e.getMessage()), e);
    }
    return model;
  }

  /**
   * DJL parameter files carry no architecture, so a block that reads only a prefix of the parameters loads
   * "successfully" with the wrong weights. The block's parameters are the last section of the file, so the
   * loaded block, serialized again, must be exactly the file's tail.
   */
  private static void checkConsumedEverything(Model model, Path dir, String name) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    model.getBlock().saveParameters(out);
    out.flush();
    byte[] block = bytes.toByteArray();
    byte[] file = Files.readAllBytes(paramsFile(dir, name));
    boolean tail = file.length >= block.length && java.util.Arrays.equals(file, file.length - block.length,
        file.length, block, 0, block.length);
    if (!tail) {
      throw new IllegalStateException("the architecture's " + block.length
          + " bytes of parameters are not the parameter section of the " + file.length + "-byte file");
    }
  }

  private static Path paramsFile(Path dir, String name) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith(name + "-")
              && p.getFileName().toString().endsWith(".params"))
          .max(java.util.Comparator.comparing(p -> p.getFileName().toString()))
          .orElseThrow(() -> new IOException("no " + name + "-NNNN.params in " + dir));
    }
  }

  /**
   * Loads a TorchScript file (needs the PyTorch engine at run time). The model's block is the scripted module.
   *
   * @throws NotFoundException if the file does not exist
   * @throws UnsupportedFormatException if it is not a TorchScript archive the engine can load
   */
  public static Model loadTorchScript(Path file) throws DataException, IOException {
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("TorchScript file missing", file.toString(), "a .pt file", "no such file");
    }
    String fileName = file.getFileName().toString();
    String name = fileName.endsWith(".pt") ? fileName.substring(0, fileName.length() - 3) : fileName;
    Model model = Model.newInstance(name, dev.datamgmt.train.PyTorchEngine.require().getEngineName());
    try {
      model.load(file.toAbsolutePath().getParent(), name);
    } catch (MalformedModelException | RuntimeException e) {
      model.close();
      throw new UnsupportedFormatException("unloadable TorchScript", file.toString(), "a TorchScript archive",
          String.valueOf(e.getMessage()), e);
    }
    return model;
  }

  /**
   * The id of weights on disk for lineage: {@code file:<path>#sha256:<hex>} (a directory's {@code .params}
   * file for DJL models).
   */
  public static String weightsId(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return "file:" + file.toAbsolutePath().normalize() + "#" + ContentHash.of(in);
    }
  }

  /**
   * A new sequential block with the same (trained) children as {@code model} except the last, which is
   * replaced by {@code newHead}. The new head is initialized when training starts.
   *
   * @throws IllegalArgumentException if the block has no children
   */
  public static SequentialBlock replaceHead(SequentialBlock model, Block newHead) {
    Objects.requireNonNull(newHead, "newHead");
    List<Block> children = model.getChildren().values();
    if (children.isEmpty()) {
      throw new IllegalArgumentException("cannot replace the head of an empty SequentialBlock");
    }
    SequentialBlock out = new SequentialBlock();
    out.addAll(children.subList(0, children.size() - 1));
    out.add(newHead);
    return out;
  }

  /**
   * {@code backbone} followed by {@code head}: how a TorchScript module (whose insides DJL cannot rearrange)
   * gets a new head. With {@code freezeBackbone} only the head trains.
   */
  public static SequentialBlock withHead(Block backbone, Block head, boolean freezeBackbone) {
    backbone.freezeParameters(freezeBackbone);
    return new SequentialBlock().add(backbone).add(head);
  }

  /** Freezes (or unfreezes) children {@code from} (inclusive) to {@code to} (exclusive) of a sequential block. */
  public static void freeze(SequentialBlock model, int from, int to) {
    setFrozen(model, from, to, true);
  }

  /** Unfreezes children {@code from} (inclusive) to {@code to} (exclusive), e.g. for gradual unfreezing. */
  public static void unfreeze(SequentialBlock model, int from, int to) {
    setFrozen(model, from, to, false);
  }

  private static void setFrozen(SequentialBlock model, int from, int to, boolean frozen) {
    List<Block> children = model.getChildren().values();
    if (from < 0 || to > children.size() || from > to) {
      throw new IllegalArgumentException("block range [" + from + ", " + to + ") is outside the "
          + children.size() + " children");
    }
    for (int i = from; i < to; i++) {
      children.get(i).freezeParameters(frozen);
    }
  }

  private static void requireParams(Path dir, String name) throws NotFoundException, IOException {
    if (!Files.isDirectory(dir)) {
      throw new NotFoundException("model directory missing", dir.toString(), "a directory with " + name
          + "-NNNN.params", "no such directory");
    }
    try (var files = Files.list(dir)) {
      boolean any = files.map(p -> p.getFileName().toString())
          .anyMatch(f -> f.startsWith(name) && f.endsWith(".params"));
      if (!any) {
        throw new NotFoundException("model parameters missing", dir.toString(), name + "-NNNN.params",
            "no parameter file for " + name);
      }
    }
  }
}
