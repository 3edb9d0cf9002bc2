#!/usr/bin/env bash
# GPU check of the augmentation device backend (issue 20): one command on a machine with an NVIDIA GPU.
#
#   benchmarks/gpu-check.sh
#
# Needs: an NVIDIA driver for CUDA 12.8 (nvidia-smi on the PATH), JDK 17, Maven, network access once (Maven Central)
# for the CUDA build of the PyTorch native library, ai.djl.pytorch:pytorch-native-cu128:2.7.1:linux-x86_64
# (with pytorch-jni 2.7.1-0.35.1, the versions of the parent pom; override the artifact with DATAMGMT_DJL_NATIVE,
# e.g. pytorch-native-cu126 for an older driver). It then
#   1. runs the cross-backend equality tests (CPU backend vs device backend, every operation), the device target
#      tests and the DJL batch adapter tests with the device backend on Device.gpu(): GpuDeviceTest fails the run
#      unless the engine sees a GPU and the test managers are on it;
#   2. runs the augmentation benchmark (standard and RandAugment pipelines) with the device backend on the GPU
#      (requireGpu=true fails unless it is), under the shared benchmark lock.
# Never run on the 2-core build VM: it has no GPU (nvidia-smi fails first).
set -euo pipefail
cd "$(dirname "$0")/.."
native="${DATAMGMT_DJL_NATIVE:-pytorch-native-cu128}"

nvidia-smi -L

mvn -B -Ddatamgmt.djl.native="$native" -Ddatamgmt.requireGpu=true -pl datamgmt-augment -am test \
  -Dtest='GpuDeviceTest,CrossBackendTest,DeviceTargetsTest,DeviceAugmenterTest,DeviceInputRangeTest,DetectionBatchTest,DjlAdaptersTest' \
  -Dsurefire.failIfNoSpecifiedTests=false

for pipeline in standard randaugment; do
  uptime
  flock "$HOME/.datamgmt-bench.lock" mvn -B -q -Pbench -Ddatamgmt.djl.native="$native" -pl benchmarks -am verify \
    -DskipTests -Dbench.main=dev.datamgmt.benchmarks.augment.AugmentBenchmark \
    -Dbench.args="pipeline=$pipeline images=1024 repeats=3 requireGpu=true"
done
