package dev.datamgmt.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of this module's tests: a real local session with two worker threads and up to three
 * attempts per task ({@code local[2,3]}), so tests can fail a task's first attempt on purpose. Started once per
 * test JVM (about 3 s) and shared by every test class; stopped by Spark's shutdown hook.
 */
final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  /** The scan's metadata entry {@code key} ("PushedFilters", "ReadSchema") of a query with one Parquet scan. */
  static String scan(org.apache.spark.sql.Dataset<?> query, String key) {
    for (org.apache.spark.sql.execution.SparkPlan leaf : scala.jdk.javaapi.CollectionConverters.asJava(
        query.queryExecution().executedPlan().collectLeaves())) {
      if (leaf instanceof org.apache.spark.sql.execution.FileSourceScanExec scan) {
        return scan.metadata().apply(key);
      }
    }
    throw new AssertionError("no file scan in " + query.queryExecution().executedPlan());
  }

  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2,3]")
          .appName("datamgmt-spark-tests")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          // the serialization debugger needs --add-opens on JDK 17; without it a NotSerializableException is hidden
          .config("spark.serializer.extraDebugInfo", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.adaptive.enabled", "false")
          .getOrCreate();
    }
    return session;
  }
}
