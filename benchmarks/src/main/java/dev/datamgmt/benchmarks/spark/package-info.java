/**
 * The datamgmt-spark benchmark (issue 22): packing Fashion-MNIST on one JVM and on Spark local[2], and the scale
 * curve of distributed generation and packing. Compiled only with {@code -Pspark}.
 */
package dev.datamgmt.benchmarks.spark;
