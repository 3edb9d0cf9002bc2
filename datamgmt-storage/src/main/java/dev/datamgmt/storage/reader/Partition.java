package dev.datamgmt.storage.reader;

/**
 * Which share of an epoch one reader delivers: rank {@code rank} of {@code worldSize} processes, worker
 * {@code worker} of that process's {@code workers} loader threads. Participant number
 * {@code rank * workers + worker} of {@code worldSize * workers}.
 *
 * @param rank this process, {@code 0 <= rank < worldSize}
 * @param worldSize number of processes, {@code >= 1}
 * @param worker this worker, {@code 0 <= worker < workers}
 * @param workers workers per process, {@code >= 1}
 */
public record Partition(int rank, int worldSize, int worker, int workers) {
  /** The whole epoch for one reader. */
  public static final Partition ALL = new Partition(0, 1, 0, 1);

  /** Validates the numbers. */
  public Partition {
    if (worldSize < 1 || workers < 1) {
      throw new IllegalArgumentException("worldSize and workers must be >= 1: worldSize=" + worldSize
          + ", workers=" + workers);
    }
    if (rank < 0 || rank >= worldSize) {
      throw new IllegalArgumentException("rank must be in [0, " + worldSize + "): " + rank);
    }
    if (worker < 0 || worker >= workers) {
      throw new IllegalArgumentException("worker must be in [0, " + workers + "): " + worker);
    }
  }

  /** Rank {@code rank} of {@code worldSize} with a single worker. */
  public static Partition of(int rank, int worldSize) {
    return new Partition(rank, worldSize, 0, 1);
  }

  /** {@code worldSize * workers}. */
  public int participants() {
    return worldSize * workers;
  }

  /** {@code rank * workers + worker}. */
  public int participant() {
    return rank * workers + worker;
  }
}
