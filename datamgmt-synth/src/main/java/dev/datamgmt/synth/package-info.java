/**
 * Synthetic data that lands in a dataset version. Implement {@link dev.datamgmt.synth.Generator} (one method:
 * sample {@code i} from a stream derived from (seed, i)) and {@link dev.datamgmt.synth.Synth} generates any range
 * of samples on any number of threads and commits them as a version whose provenance names the generator, its
 * version, its configuration (canonical JSON), the seed and the range.
 *
 * <p><b>Why per-sample streams.</b> trdg-style generators share one random source, so sample 17 depends on
 * samples 0..16 and on thread timing, and cannot be regenerated alone. Here a sample's stream is
 * {@code Seeds.random(seed, index)} (FORMAT.md "Randomness"), so the bytes of a version do not depend on thread
 * count, chunking or order, which the tests check property-wise; and because versions are content-addressed, a
 * retried job finds its own result and commits nothing.
 *
 * <p>Configurations of the built-in generators are {@link dev.datamgmt.synth.GeneratorConfig} values that
 * round-trip through JSON via {@link dev.datamgmt.synth.Generators}; randomization ranges are
 * {@link dev.datamgmt.synth.dist} values. Bad settings fail when the configuration is built, with an
 * {@link dev.datamgmt.synth.InvalidSettingException} naming the setting and value.
 */
package dev.datamgmt.synth;
