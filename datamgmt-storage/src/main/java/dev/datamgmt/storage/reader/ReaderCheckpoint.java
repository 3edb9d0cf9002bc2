package dev.datamgmt.storage.reader;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.internal.json.Json;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Where one participant of an epoch stands: enough to continue with exactly the next sample, or (merged with
 * the other participants' checkpoints) to hand the remaining samples to a different number of participants.
 * Serializes to small JSON ({@link #toJson()}); store it with the model checkpoint.
 *
 * @param plan fingerprint of the shard set, filter and shuffle settings; a checkpoint only resumes the same plan
 * @param epoch the epoch
 * @param generation 0 for an epoch started from scratch, +1 each time it was re-partitioned
 * @param participants number of participants of that generation
 * @param participant this participant's number
 * @param piece this participant's positions of the epoch sequence, as [start, end) pairs
 * @param read how many positions of the piece have entered the shuffle buffer
 * @param buffer positions in the shuffle buffer, in buffer order
 * @param emitted how many samples this participant has delivered
 * @param skipped how many planned samples were skipped as bad (skip-and-report mode)
 */
public record ReaderCheckpoint(
    @JsonProperty("plan") String plan,
    @JsonProperty("epoch") long epoch,
    @JsonProperty("generation") int generation,
    @JsonProperty("participants") int participants,
    @JsonProperty("participant") int participant,
    @JsonProperty("piece") List<long[]> piece,
    @JsonProperty("read") long read,
    @JsonProperty("buffer") List<Long> buffer,
    @JsonProperty("emitted") long emitted,
    @JsonProperty("skipped") long skipped) {

  /** Copies the lists. */
  public ReaderCheckpoint {
    Objects.requireNonNull(plan, "plan");
    List<long[]> p = new ArrayList<>();
    for (long[] r : piece) {
      p.add(r.clone());
    }
    piece = List.copyOf(p);
    // the reader's own snapshot is already an immutable copy: a batch's checkpoint costs one long[] copy, not a
    // boxed Long per buffered sample (4,096 per batch with the default shuffle buffer)
    buffer = buffer instanceof Positions ? buffer : List.copyOf(buffer);
  }

  /** Buffer positions as an immutable list over a {@code long[]} that no one else holds; boxes on access only. */
  static final class Positions extends AbstractList<Long> implements RandomAccess {
    private final long[] values;
    private final int size;

    /** Takes ownership of {@code values[0..size)}: the caller must not change or keep the array. */
    Positions(long[] values, int size) {
      this.values = values;
      this.size = size;
    }

    @Override
    public Long get(int i) {
      Objects.checkIndex(i, size);
      return values[i];
    }

    @Override
    public int size() {
      return size;
    }

    long[] copyValues() {
      return Arrays.copyOf(values, size);
    }
  }

  /** The positions this participant has not delivered yet: the unread part of its piece plus its buffer. */
  LongRanges remaining() {
    LongRanges pc = LongRanges.fromPairs(piece);
    LongRanges unread = pc.slice(read, pc.size());
    long[] positions = buffer instanceof Positions p ? p.copyValues() : buffer.stream().mapToLong(Long::longValue).toArray();
    return LongRanges.union(List.of(unread, LongRanges.ofValues(positions)));
  }

  /** Serializes to JSON. */
  public byte[] toJson() {
    return Json.writeBytes(this);
  }

  /** Parses {@link #toJson()} output. */
  public static ReaderCheckpoint fromJson(byte[] json, String location) throws DataException {
    return Json.read(json, ReaderCheckpoint.class, location);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ReaderCheckpoint c)) {
      return false;
    }
    if (c.piece.size() != piece.size()) {
      return false;
    }
    for (int i = 0; i < piece.size(); i++) {
      if (!java.util.Arrays.equals(c.piece.get(i), piece.get(i))) {
        return false;
      }
    }
    return c.plan.equals(plan) && c.epoch == epoch && c.generation == generation && c.participants == participants
        && c.participant == participant && c.read == read && c.buffer.equals(buffer) && c.emitted == emitted
        && c.skipped == skipped;
  }

  @Override
  public int hashCode() {
    return Objects.hash(plan, epoch, generation, participants, participant, read, buffer, emitted);
  }
}
