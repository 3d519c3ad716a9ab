using System.Numerics;
using System.Runtime.InteropServices;

namespace NetOrbit.Graph.Kernels;

/// <summary>
/// Whole-network norms and distances over the flat parameter vector (weights and biases alike, as
/// the paper's ||W|| = sum |w|). Loops over <see cref="Vector{T}"/> rather than TensorPrimitives:
/// same vector width, but without the library's generic instantiations, whose JIT compilation cost
/// the stage about 50 ms per process (measured with <c>JitInfo</c> on a one-run experiment).
/// </summary>
internal static class NetworkNorms
{
    /// <summary>Entry-wise L1 norm sum |w| (the paper's network norm).</summary>
    public static double L1(ReadOnlySpan<double> w)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(w);
        var acc = Vector<double>.Zero;
        foreach (var v in vectors)
        {
            acc += Vector.Abs(v);
        }

        var sum = Vector.Sum(acc);
        for (var i = vectors.Length * Vector<double>.Count; i < w.Length; i++)
        {
            sum += Math.Abs(w[i]);
        }

        return sum;
    }

    /// <summary>Euclidean norm sqrt(sum w^2).</summary>
    public static double L2(ReadOnlySpan<double> w)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(w);
        var acc = Vector<double>.Zero;
        foreach (var v in vectors)
        {
            acc += v * v;
        }

        var sum = Vector.Sum(acc);
        for (var i = vectors.Length * Vector<double>.Count; i < w.Length; i++)
        {
            sum += w[i] * w[i];
        }

        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Number of parameters whose sign flipped strictly: previous * current &lt; 0. A parameter that
    /// reaches or leaves exactly zero (a bias at initialisation) is not counted.
    /// </summary>
    public static int SignChanges(ReadOnlySpan<double> previous, ReadOnlySpan<double> current)
    {
        CheckLengths(previous, current);
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

    private static void CheckLengths(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("Vectors differ in length.", nameof(b));
        }
    }
}
