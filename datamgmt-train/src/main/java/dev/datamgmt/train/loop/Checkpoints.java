package dev.datamgmt.train.loop;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.IntegrityException;
import dev.datamgmt.core.internal.json.Json;
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
import java.util.Locale;
import java.util.Optional;

/**
 * Checkpoint files in one directory (see FORMAT.md, "Training checkpoints"): {@code epoch-NNNN.params} (the
 * block's parameters), {@code epoch-NNNN.samples} (the per-sample loss log, when kept) and
 * {@code checkpoint.json}, which names them and is replaced last, atomically, so a crash while writing leaves
 * the previous checkpoint intact.
 */
final class Checkpoints {
  static final String STATE = "checkpoint.json";
  private final Path dir;

  Checkpoints(Path dir) {
    this.dir = dir;
  }

  /** The JSON state. */
  record State(@JsonProperty("format") int format, @JsonProperty("epoch") int epoch,
      @JsonProperty("best") Double best, @JsonProperty("bestEpoch") int bestEpoch,
      @JsonProperty("badEpochs") int badEpochs, @JsonProperty("params") String params,
      @JsonProperty("samples") String samples) {}

  record Restored(LoopState state, SampleLossLog sampleLog) {}

  void save(Model model, LoopState state, SampleLossLog log) throws IOException {
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
    State s = new State(1, state.epoch, Double.isNaN(state.best) ? null : state.best, state.bestEpoch,
        state.badEpochs, params.getFileName().toString(), samples);
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
    }
  }

  Optional<Restored> restore(Model model, Shape inputShape) throws IOException, DataException {
    Optional<State> s = readState();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    State st = s.get();
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
    return Optional.of(new Restored(state, log));
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
