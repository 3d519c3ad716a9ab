using System.Buffers;
using System.Numerics.Tensors;

namespace NetOrbit.Lyapunov;

/// <summary>Distances between parameter vectors (the paper's d(W, W') is the L1 one).</summary>
public static class WeightDistance
{
    private const int StackLimit = 256;

    /// <summary>Entry-wise L1 distance sum |a_i - b_i|.</summary>
    public static double L1(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        CheckLengths(a, b);
        if (a.Length <= StackLimit)
        {
            Span<double> scratch = stackalloc double[a.Length];
            TensorPrimitives.Subtract(a, b, scratch);
            return TensorPrimitives.SumOfMagnitudes<double>(scratch);
        }

        var rented = ArrayPool<double>.Shared.Rent(a.Length);
        try
        {
            var scratch = rented.AsSpan(0, a.Length);
            TensorPrimitives.Subtract(a, b, scratch);
            return TensorPrimitives.SumOfMagnitudes<double>(scratch);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>Euclidean distance sqrt(sum (a_i - b_i)^2).</summary>
    public static double L2(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        CheckLengths(a, b);
        return TensorPrimitives.Distance(a, b);
    }

    /// <summary>The distance in <paramref name="norm"/>.</summary>
    public static double Compute(ReadOnlySpan<double> a, ReadOnlySpan<double> b, DistanceNorm norm) =>
        norm == DistanceNorm.L1 ? L1(a, b) : L2(a, b);

    /// <summary>The norm of <paramref name="a"/> (L1: sum |a_i|; L2: Euclidean length).</summary>
    public static double Norm(ReadOnlySpan<double> a, DistanceNorm norm) =>
        norm == DistanceNorm.L1 ? TensorPrimitives.SumOfMagnitudes(a) : TensorPrimitives.Norm(a);

    private static void CheckLengths(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vectors differ in length: {a.Length} and {b.Length}.", nameof(b));
        }
    }
}
