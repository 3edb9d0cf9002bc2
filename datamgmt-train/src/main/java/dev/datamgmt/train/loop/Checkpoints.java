package dev.datamgmt.train.loop;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.train.optim.ResumableAdam;
import dev.datamgmt.train.sampler.SampleLossLog;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoint files in one directory (see FORMAT.md, "Training checkpoints"): {@code epoch-NNNN.params} (the
 * block's parameters), {@code epoch-NNNN.samples} (the per-sample loss log, when kept) and
 * {@code checkpoint.json}, which names them and is replaced last, atomically, so a crash while writing leaves
 * the previous checkpoint intact.
 *
 * <p>From format 2 on, {@code checkpoint.json} also records what the checkpoint was written for: the architecture
 * signature (parameter names and shapes, in block order), the optimizer's description, the sampler's settings and
 * the epoch count. {@link #check} compares them with the resuming loop before anything is loaded.
 */
final class Checkpoints {
  static final String STATE = "checkpoint.json";
  static final int FORMAT = 2;
  /** What {@code optimizerState} says for a {@link ResumableAdam}: its state is in {@code optimizerStateFile}. */
  static final String OPTIMIZER_STATE_SAVED = "saved: ResumableAdam moments and step counts, in optimizerStateFile";
  /** What {@code optimizerState} says otherwise: DJL's API does not expose an optimizer's state. */
  static final String OPTIMIZER_STATE_NOT_SAVED = "not-saved: stateful optimizers (Adam's moments, SGD momentum)"
      + " restart from zero on resume";
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
  private final Path dir;

  Checkpoints(Path dir) {
    this.dir = dir;
  }

  /** One parameter of the architecture signature. */
  record Param(@JsonProperty("name") String name, @JsonProperty("shape") List<Long> shape) {}

  /** The JSON state. Fields after {@code samples} are null in format-1 checkpoints. */
  record State(@JsonProperty("format") int format, @JsonProperty("epoch") int epoch,
      @JsonProperty("best") Double best, @JsonProperty("bestEpoch") int bestEpoch,
      @JsonProperty("badEpochs") int badEpochs, @JsonProperty("params") String params,
      @JsonProperty("samples") String samples, @JsonProperty("epochs") Integer epochs,
      @JsonProperty("optimizer") String optimizer, @JsonProperty("optimizerState") String optimizerState,
      @JsonProperty("sampler") SortedMap<String, String> sampler,
      @JsonProperty("architecture") List<Param> architecture,
      @JsonProperty("optimizerStateFile") String optimizerStateFile) {}

  /** What a checkpoint is written for: the loop's settings that must match on resume. */
  record Fit(int epochs, String optimizer, SortedMap<String, String> sampler, List<Param> architecture) {}

  record Restored(LoopState state, SampleLossLog sampleLog) {}

  /**
   * The architecture signature of an initialized block: each parameter's name and shape, in block order.
   */
  static List<Param> signature(Block block) {
    List<Param> out = new ArrayList<>();
    block.getParameters().forEach(pair -> {
      Parameter p = pair.getValue();
      Shape shape = p.isInitialized() ? p.getArray().getShape() : p.getShape();
      List<Long> dims = new ArrayList<>();
      if (shape != null) {
        for (long d : shape.getShape()) {
          dims.add(d);
        }
      }
      out.add(new Param(pair.getKey(), List.copyOf(dims)));
    });
    return List.copyOf(out);
  }

  /** The sampler settings that must match on resume: all but those that grow with training. */
  static SortedMap<String, String> stableSamplerSettings(SortedMap<String, String> settings) {
    TreeMap<String, String> out = new TreeMap<>(settings);
    out.keySet().removeIf(k -> k.equals("observedEpochs") || k.endsWith(".observedEpochs"));
    return out;
  }

  void save(Model model, LoopState state, SampleLossLog log, Fit fit, Optimizer optimizer) throws IOException {
    Files.createDirectories(dir);
    String base = String.format(Locale.ROOT, "epoch-%04d", state.epoch);
    Path params = dir.resolve(base + ".params");
    writeAtomically(params, out -> {
      DataOutputStream dos = new DataOutputStream(out);
      model.getBlock().saveParameters(dos);
      dos.flush();
    });
    String samples = null;
    if (log != null) {
      samples = base + ".samples";
      byte[] bytes = log.toBytes();
      writeAtomically(dir.resolve(samples), out -> out.write(bytes));
    }
    String optimizerFile = null;
    if (optimizer instanceof ResumableAdam adam && adam.hasState()) {
      optimizerFile = base + ".optimizer";
      writeAtomically(dir.resolve(optimizerFile), out -> adam.saveState(model.getBlock(), out));
    }
    State s = new State(FORMAT, state.epoch, Double.isNaN(state.best) ? null : state.best, state.bestEpoch,
        state.badEpochs, params.getFileName().toString(), samples, fit.epochs(), fit.optimizer(),
        optimizerFile != null ? OPTIMIZER_STATE_SAVED : OPTIMIZER_STATE_NOT_SAVED, fit.sampler(), fit.architecture(),
        optimizerFile);
    Optional<State> previous;
    try {
      previous = readState();
    } catch (DataException e) {
      previous = Optional.empty(); // an unreadable old state is simply replaced
    }
    byte[] json = Json.writeBytes(s);
    writeAtomically(dir.resolve(STATE), out -> out.write(json));
    // only now is the older checkpoint unreferenced
    if (previous.isPresent() && previous.get().epoch() != state.epoch) {
      Files.deleteIfExists(dir.resolve(previous.get().params()));
      if (previous.get().samples() != null) {
        Files.deleteIfExists(dir.resolve(previous.get().samples()));
      }
      if (previous.get().optimizerStateFile() != null) {
        Files.deleteIfExists(dir.resolve(previous.get().optimizerStateFile()));
      }
    }
  }

  /** The latest checkpoint's state, if the directory holds one. */
  Optional<State> latest() throws IOException, DataException {
    return readState();
  }

  /**
   * Checks that {@code st} can be resumed by a loop set up as {@code fit}: same architecture, optimizer and
   * sampler, and epochs left to run. Logs a warning that the optimizer state restarts.
   *
   * @throws ResumeException naming the first thing that does not fit
   */
  void check(State st, Fit fit, Optimizer optimizer) throws ResumeException {
    String where = dir.resolve(STATE).toString();
    if (st.architecture() != null) {
      List<Param> mine = fit.architecture();
      List<Param> theirs = st.architecture();
      for (int i = 0; i < Math.max(mine.size(), theirs.size()); i++) {
        Param m = i < mine.size() ? mine.get(i) : null;
        Param t = i < theirs.size() ? theirs.get(i) : null;
        if (m == null || t == null || !m.name().equals(t.name())) {
          throw new ResumeException(ResumeException.Reason.ARCHITECTURE, where, "parameter "
              + (m != null ? m.name() : t.name()) + " (number " + (i + 1) + ")", describe(m) + " (the model's)", describe(t) + " (the checkpoint's)");
        }
        if (!m.shape().equals(t.shape())) {
          throw new ResumeException(ResumeException.Reason.ARCHITECTURE, where, "parameter " + m.name(),
              shapeOf(m) + " (the model's)", shapeOf(t) + " (the checkpoint's)");
        }
      }
    } else {
      LOG.warn("checkpoint {} (format {}) has no architecture signature: it cannot be checked against the model",
          where, st.format());
    }
    if (st.optimizer() != null && !st.optimizer().equals(fit.optimizer())) {
      throw new ResumeException(ResumeException.Reason.OPTIMIZER, where, "optimizer", fit.optimizer() + " (this loop's)",
          st.optimizer() + " (the checkpoint's)");
    }
    if (st.sampler() != null) {
      SortedMap<String, String> mine = stableSamplerSettings(fit.sampler());
      SortedMap<String, String> theirs = stableSamplerSettings(st.sampler());
      if (!mine.equals(theirs)) {
        TreeSet<String> keys = new TreeSet<>(mine.keySet());
        keys.addAll(theirs.keySet());
        String key = keys.stream().filter(k -> !java.util.Objects.equals(mine.get(k), theirs.get(k))).findFirst()
            .orElseThrow();
        throw new ResumeException(ResumeException.Reason.SAMPLER, where, "sampler setting " + key,
            mine.get(key) + " (this loop's)", theirs.get(key) + " (the checkpoint's)");
      }
    }
    if (st.epoch() + 1 >= fit.epochs()) {
      throw new ResumeException(ResumeException.Reason.RUN_FINISHED, where, "epochs",
          "fewer than the " + fit.epochs() + " epochs of setEpochs(" + fit.epochs() + ") completed (raise setEpochs to"
              + " train further, or resume without optResume to start over)",
          (st.epoch() + 1) + " completed (epochs 0.." + st.epoch() + ")"
              + (st.epochs() != null ? " of a run set to " + st.epochs() : ""));
    }
    if (st.epochs() != null && st.epochs() != fit.epochs()) {
      LOG.info("resuming a run set to {} epochs with setEpochs({})", st.epochs(), fit.epochs());
    }
    if (st.optimizerStateFile() == null || !(optimizer instanceof ResumableAdam)) {
      LOG.warn("resuming from {}: the optimizer ({}) restarts its state; only ResumableAdam and stateless"
          + " optimizers (SGD without momentum) resume exactly", where, fit.optimizer());
    }
  }

  private static String describe(Param p) {
    return p == null ? "no parameter" : p.name() + " " + shapeOf(p);
  }

  private static String shapeOf(Param p) {
    return p.shape().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ", "(", ")"));
  }

  /**
   * Loads the parameters and the per-sample loss log of {@code st} into {@code model}, and a {@link ResumableAdam}'s
   * state into {@code optimizer} when the checkpoint holds one.
   */
  Restored restore(Model model, State st, Optimizer optimizer) throws IOException, DataException {
    Path params = dir.resolve(st.params());
    if (!Files.isRegularFile(params)) {
      throw new IntegrityException("checkpoint parameters missing", params.toString(),
          "the file named by " + STATE, "no such file");
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(params))) {
      model.getBlock().loadParameters(model.getNDManager(), new DataInputStream(in));
    } catch (MalformedModelException | RuntimeException e) {
      throw new IntegrityException("unreadable checkpoint parameters", params.toString(),
          "parameters of block " + model.getBlock().getClass().getSimpleName(), String.valueOf(e.getMessage()), e);
    }
    if (st.optimizerStateFile() != null && optimizer instanceof ResumableAdam adam) {
      Path file = dir.resolve(st.optimizerStateFile());
      if (!Files.isRegularFile(file)) {
        throw new IntegrityException("checkpoint optimizer state missing", file.toString(),
            "the file named by " + STATE, "no such file");
      }
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        adam.loadState(model.getBlock(), model.getNDManager(), in, file.toString());
      }
    }
    SampleLossLog log = null;
    if (st.samples() != null) {
      Path p = dir.resolve(st.samples());
      log = SampleLossLog.fromBytes(Files.readAllBytes(p), p.toString());
    }
    LoopState state = new LoopState();
    state.epoch = st.epoch();
    state.best = st.best() == null ? Double.NaN : st.best();
    state.bestEpoch = st.bestEpoch();
    state.badEpochs = st.badEpochs();
    return new Restored(state, log);
  }

  private Optional<State> readState() throws IOException, DataException {
    Path p = dir.resolve(STATE);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    return Optional.of(Json.read(Files.readAllBytes(p), State.class, p.toString()));
  }

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private void writeAtomically(Path target, Writer w) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
      w.write(out);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
