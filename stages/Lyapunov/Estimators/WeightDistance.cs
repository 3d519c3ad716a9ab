using System.Numerics.Tensors;
using NetOrbit.Numerics;

namespace NetOrbit.Lyapunov;

/// <summary>Distances between parameter vectors in a <see cref="DistanceNorm"/> (the paper's d(W, W') is the L1 one), through Core's one kernel, <see cref="VectorDistance"/>.</summary>
public static class WeightDistance
{
    /// <summary>The distance in <paramref name="norm"/>.</summary>
    public static double Compute(ReadOnlySpan<double> a, ReadOnlySpan<double> b, DistanceNorm norm) =>
        norm == DistanceNorm.L1 ? VectorDistance.L1(a, b) : VectorDistance.L2(a, b);

    /// <summary>The norm of <paramref name="a"/> (L1: sum |a_i|; L2: Euclidean length).</summary>
    public static double Norm(ReadOnlySpan<double> a, DistanceNorm norm) =>
        norm == DistanceNorm.L1 ? TensorPrimitives.SumOfMagnitudes(a) : TensorPrimitives.Norm(a);
}
