package dev.datamgmt.storage.ingest;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.error.UncheckedDataException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The thread pool of one ingest, and waiting for its tasks with their data errors passed on. */
final class IngestTasks implements AutoCloseable {
  private final Path root;
  private final ExecutorService pool;

  IngestTasks(Path root, int threads) {
    this.root = root;
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "datamgmt-ingest");
      t.setDaemon(true);
      return t;
    });
  }

  <T> Future<T> submit(java.util.concurrent.Callable<T> task) {
    return pool.submit(task);
  }

  /** Waits for a task, passing its data errors on. */
  <T> T await(Future<T> f) throws DataException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("ingest interrupted", root.toString(), "a finished ingest", "interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedDataException u) {
        throw u.getCause();
      }
      if (e.getCause() instanceof DataException d) {
        throw d;
      }
      throw new IllegalStateException("ingest worker failed", e.getCause());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
