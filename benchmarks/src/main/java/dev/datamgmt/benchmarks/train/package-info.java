/**
 * Training benchmarks: long-tailed Fashion-MNIST against a PyTorch peer
 * ({@link dev.datamgmt.benchmarks.train.LongTailFashionMnistBenchmark}) and JMH benchmarks of weighted
 * sampling and focal loss.
 */
package dev.datamgmt.benchmarks.train;
