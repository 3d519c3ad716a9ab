using NetOrbit.Tests.Support;
using Xunit;

namespace NetOrbit.Tests.Training;

/// <summary>MlpKernels256.cs is generated from MlpKernels.cs by stages/Training/generate-kernels256.sh; this keeps them in sync.</summary>
public sealed class KernelSourceTests
{
    [Fact]
    public void MlpKernels256_IsTheGeneratedCopyOfMlpKernels()
    {
        var dir = Path.Combine(RepoPaths.Root, "stages", "Training");

        var source = File.ReadAllText(Path.Combine(dir, "MlpKernels.cs"));
        var expected = "// Generated from MlpKernels.cs by generate-kernels256.sh; do not edit.\n" + source
            .Replace("Vector512", "Vector256", StringComparison.Ordinal)
            .Replace("internal static class MlpKernels\n", "internal static class MlpKernels256\n", StringComparison.Ordinal)
            .Replace("VectorMath.", "VectorMath256.", StringComparison.Ordinal)
            .Replace("private const int L = SampleBlock.Lanes;", "private const int L = SampleBlock.Lanes / 2;", StringComparison.Ordinal);
        var actual = File.ReadAllText(Path.Combine(dir, "MlpKernels256.cs"));
        Assert.True(expected == actual, "stages/Training/MlpKernels256.cs is out of date: run stages/Training/generate-kernels256.sh");
    }
}
