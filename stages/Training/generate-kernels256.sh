#!/usr/bin/env bash
# Regenerates MlpKernels256.cs (4-lane Vector256 kernels, for CPUs without AVX-512) from MlpKernels.cs.
# Edit MlpKernels.cs, then run this script; a test fails when the two files are out of sync.
set -euo pipefail
cd "$(dirname "$0")"
{
  echo "// Generated from MlpKernels.cs by generate-kernels256.sh; do not edit."
  sed -e 's/Vector512/Vector256/g' \
      -e 's/internal static class MlpKernels$/internal static class MlpKernels256/' \
      -e 's/VectorMath\./VectorMath256./g' \
      -e 's/private const int L = SampleBlock.Lanes;/private const int L = SampleBlock.Lanes \/ 2;/' \
      MlpKernels.cs
} > MlpKernels256.cs
