package dev.datamgmt.spark.internal;

import dev.datamgmt.core.error.DataException;
import dev.datamgmt.core.error.InvalidDataException;
import dev.datamgmt.core.error.StorageException;
import dev.datamgmt.core.internal.json.Json;
import dev.datamgmt.core.record.Record;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a task reports to the driver, one string each: a record as its JSON (starts with <code>{</code>), or a data
 * error (starts with {@code !}). Bad input is reported as data rather than thrown, because a retry cannot fix it
 * and because Spark hands the driver a failed task's exception only as text; the driver rethrows it typed.
 * Storage errors are thrown, so that Spark retries the task.
 */
public final class Reports {
  private Reports() {}

  /** The report of a record. */
  public static String record(Record r) {
    return Json.write(r);
  }

  /**
   * The report of a data error; a {@link StorageException} is rethrown (unchecked) instead, to be retried.
   */
  public static String error(DataException e) {
    if (e instanceof StorageException) {
      throw new dev.datamgmt.core.error.UncheckedDataException(e);
    }
    TreeMap<String, String> m = new TreeMap<>();
    m.put("type", e.getClass().getName());
    m.put("problem", e.problem());
    m.put("location", e.location());
    m.put("expected", e.expected());
    m.put("found", e.found());
    m.put("message", String.valueOf(e.getMessage()));
    return "!" + Json.write(m);
  }

  /**
   * The record of a report, or the reported error thrown: as its own type when it has the usual (problem, location,
   * expected, found) constructor, else as an {@link InvalidDataException} with the same parts.
   */
  public static Record decode(String report) throws DataException {
    if (!report.startsWith("!")) {
      return Json.read(report, Record.class, "record reported by a task");
    }
    @SuppressWarnings("unchecked")
    Map<String, String> m = Json.read(report.substring(1), Map.class, "error reported by a task");
    DataException e;
    try {
      Class<?> type = Class.forName(m.get("type"));
      e = (DataException) type.getConstructor(String.class, String.class, String.class, String.class)
          .newInstance(m.get("problem"), m.get("location"), m.get("expected"), m.get("found"));
    } catch (ReflectiveOperationException | ClassCastException | LinkageError x) {
      e = new InvalidDataException(m.get("problem"), m.get("location"), m.get("expected"),
          m.get("found") + " (" + m.get("message") + ")");
    }
    throw e;
  }
}
