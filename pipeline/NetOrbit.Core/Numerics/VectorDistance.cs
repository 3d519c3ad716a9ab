using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetOrbit.Numerics;

/// <summary>
/// The one kernel for distances between parameter vectors: L1 (the paper's d(W, W') = sum |w - w'|)
/// and L2 (Euclidean), alone or both in one pass. Every caller (the trainer's member distances, the
/// Lyapunov estimators, the graph metrics) sums in the same order, one 256-bit vector of four lanes, then the
/// tail, so the same vectors give the same bits wherever a distance is computed.
/// </summary>
public static class VectorDistance
{
    /// <summary>sum |a_i - b_i|.</summary>
    public static double L1(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => L1AndL2(a, b).L1;

    /// <summary>sqrt(sum (a_i - b_i)^2).</summary>
    public static double L2(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => L1AndL2(a, b).L2;

    /// <summary>
    /// sum |a_i - b_i| and sqrt(sum (a_i - b_i)^2) in one pass (the trainer calls this for every
    /// member and step, so it must cost a small fraction of a training step).
    /// </summary>
    /// <exception cref="ArgumentException">The vectors differ in length.</exception>
    public static (double L1, double L2) L1AndL2(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vectors differ in length: {a.Length} and {b.Length}.", nameof(b));
        }

        var n = a.Length;
        var i = 0;
        var l1 = 0.0;
        var sq = 0.0;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            var s1 = Vector256<double>.Zero;
            var s2 = Vector256<double>.Zero;
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var d = Vector256.LoadUnsafe(ref ra, (nuint)i) - Vector256.LoadUnsafe(ref rb, (nuint)i);
                s1 += Vector256.Abs(d);
                s2 += d * d;
            }

            l1 = Vector256.Sum(s1);
            sq = Vector256.Sum(s2);
        }

        for (; i < n; i++)
        {
            var d = a[i] - b[i];
            l1 += Math.Abs(d);
            sq += d * d;
        }

        return (l1, Math.Sqrt(sq));
    }
}
