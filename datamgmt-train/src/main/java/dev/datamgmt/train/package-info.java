/**
 * Imbalance-aware training on DJL: class weights shared by samplers and losses ({@link
 * dev.datamgmt.train.ClassWeights}), samplers, focal and class-balanced losses, metrics, a training loop that
 * records lineage, and fine-tuning from weights on disk.
 *
 * <p><b>The engine.</b> datamgmt-train compiles against DJL's API only; an application adds an engine. On the CPU
 * (offline: the native library is inside the jar) that is {@code ai.djl.pytorch:pytorch-engine:0.35.1},
 * {@code ai.djl.pytorch:pytorch-native-cpu:2.7.1} with classifier {@code linux-x86_64} and
 * {@code ai.djl.pytorch:pytorch-jni:2.7.1-0.35.1}, all on Maven Central. CUDA natives of PyTorch 2.7.1 are not on
 * Maven Central; DJL downloads them at first use ({@code PYTORCH_FLAVOR}, network needed once): see
 * {@link dev.datamgmt.train.PyTorchEngine}, whose {@code require()} fails naming these artifacts when no engine
 * is found.
 */
package dev.datamgmt.train;
