/**
 * Reading a packed dataset for training: {@link dev.datamgmt.storage.reader.DatasetReader} gives random access
 * by index and seeded, partitioned, resumable epoch streams over a {@link dev.datamgmt.storage.shard.ShardSet},
 * with shards prefetched ahead of use in bounded memory.
 *
 * <h2>Shuffle quality</h2>
 *
 * An epoch visits shards in a seeded random order and passes each participant's samples through a bounded
 * shuffle buffer of {@code B} samples. Two samples more than {@code B} apart in that shard-order sequence can
 * only swap places with probability decaying geometrically in the distance, so the shuffle is local: a sample
 * leaves the buffer on average about {@code B} positions after it entered, and consecutive outputs come from a
 * window of roughly {@code B} samples spanning {@code B / (records per shard)} shards. This is why
 * {@link dev.datamgmt.storage.shard.ShardWriter} shuffles records when packing (class-sorted sources would
 * otherwise give single-class batches), and why the shard order is re-drawn every epoch. With the packing
 * shuffle, a shard-order shuffle and {@code B} of a few thousand, batch class histograms match the dataset's
 * (see the reader tests); it is not a uniform permutation of the whole epoch.
 *
 * <h2>Partitioning and resumption</h2>
 *
 * The epoch's sample sequence is cut into {@code worldSize * workers} contiguous pieces of equal size (give or
 * take one), so every sample is read exactly once per epoch across all ranks and workers, with no padding. A
 * {@link dev.datamgmt.storage.reader.ReaderCheckpoint} taken after any sample records the piece, how far it was
 * read and the buffer's contents; resuming with the same partition continues with exactly the next sample,
 * and merging the checkpoints of all participants lets a run resume on a different world size with every
 * remaining sample read exactly once.
 */
package dev.datamgmt.storage.reader;
