/**
 * The dataset-reader benchmark: one epoch of Fashion-MNIST as PNG files, PyTorch's DataLoader over an
 * ImageFolder against our shard reader delivering decoded DJL batches, from a local repository and from S3 on
 * loopback with a cold cache; peak memory; and a kill-and-resume check. See benchmarks/README.md.
 */
package dev.datamgmt.benchmarks.reader;
