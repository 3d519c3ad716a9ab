using System.Numerics.Tensors;

namespace NetOrbit.Graph.Kernels;

/// <summary>
/// Whole-network norms and distances over the flat parameter vector (weights and biases alike, as
/// the paper's ||W|| = sum |w|).
/// </summary>
internal static class NetworkNorms
{
    /// <summary>Entry-wise L1 norm sum |w| (the paper's network norm).</summary>
    public static double L1(ReadOnlySpan<double> w) => TensorPrimitives.SumOfMagnitudes(w);

    /// <summary>Euclidean norm sqrt(sum w^2).</summary>
    public static double L2(ReadOnlySpan<double> w) => TensorPrimitives.Norm(w);

    /// <summary>L1 distance sum |a - b| (the paper's d(W, W')); <paramref name="scratch"/> has the vectors' length.</summary>
    public static double L1Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> scratch)
    {
        TensorPrimitives.Subtract(a, b, scratch[..a.Length]);
        return TensorPrimitives.SumOfMagnitudes(scratch[..a.Length]);
    }

    /// <summary>Euclidean distance |a - b|_2.</summary>
    public static double L2Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => TensorPrimitives.Distance(a, b);

    /// <summary>
    /// Number of parameters whose sign flipped strictly: previous * current &lt; 0. A parameter that
    /// reaches or leaves exactly zero (a bias at initialisation) is not counted.
    /// </summary>
    public static int SignChanges(ReadOnlySpan<double> previous, ReadOnlySpan<double> current)
    {
        if (previous.Length != current.Length)
        {
            throw new ArgumentException("Vectors differ in length.", nameof(current));
        }

        var count = 0;
        for (var i = 0; i < current.Length; i++)
        {
            if (previous[i] * current[i] < 0)
            {
                count++;
            }
        }

        return count;
    }
}
