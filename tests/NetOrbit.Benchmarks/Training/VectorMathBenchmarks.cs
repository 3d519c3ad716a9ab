using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using NetOrbit.Training;
using V = System.Runtime.Intrinsics.Vector512<double>;

namespace NetOrbit.Benchmarks.Training;

/// <summary>
/// Cost per vector of 8 float64 values of the trainer's element-wise functions, over the 1,200 hidden pre-activations of
/// one Iris network-step (120 samples x 10 units, values in [-10, 10]): the sigmoid as the kernels compute it, its
/// exponential alone, and the division 1 / (1 + x) alone. Where AVX-512 is missing the functions fall back to slower
/// 512-bit emulation, so the figures only describe AVX-512 machines.
/// Run: <c>dotnet run -c Release --project tests/NetOrbit.Benchmarks -- --filter *VectorMath*</c>.
/// </summary>
public class VectorMathBenchmarks
{
    private const int Count = 1200;
    private const int Vectors = Count / 8;
    private readonly double[] _x = new double[Count];
    private readonly double[] _y = new double[Count];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (var i = 0; i < Count; i++)
        {
            _x[i] = (20 * random.NextDouble()) - 10;
        }
    }

    /// <summary><see cref="VectorMath.Sigmoid"/>: clamp, e^-z, 1 + e^-z and the division.</summary>
    [Benchmark(OperationsPerInvoke = Vectors)]
    public void Sigmoid()
    {
        ref var x = ref MemoryMarshal.GetArrayDataReference(_x);
        ref var y = ref MemoryMarshal.GetArrayDataReference(_y);
        for (var i = 0; i < Count; i += 8)
        {
            VectorMath.Sigmoid(Vector512.LoadUnsafe(ref x, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
        }
    }

    /// <summary>The sigmoid's exponential alone (<see cref="VectorMath.ExpCore"/>, negated form).</summary>
    [Benchmark(OperationsPerInvoke = Vectors)]
    public void Exponential()
    {
        ref var x = ref MemoryMarshal.GetArrayDataReference(_x);
        ref var y = ref MemoryMarshal.GetArrayDataReference(_y);
        for (var i = 0; i < Count; i += 8)
        {
            VectorMath.ExpCore(Vector512.LoadUnsafe(ref x, (nuint)i), negated: true).StoreUnsafe(ref y, (nuint)i);
        }
    }

    /// <summary>The division 1 / (1 + x) alone.</summary>
    [Benchmark(OperationsPerInvoke = Vectors)]
    public void Division()
    {
        ref var x = ref MemoryMarshal.GetArrayDataReference(_x);
        ref var y = ref MemoryMarshal.GetArrayDataReference(_y);
        for (var i = 0; i < Count; i += 8)
        {
            (V.One / (V.One + Vector512.LoadUnsafe(ref x, (nuint)i))).StoreUnsafe(ref y, (nuint)i);
        }
    }
}
