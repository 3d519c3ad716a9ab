using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace NetOrbit.Training;

/// <summary>
/// The element-wise functions of <see cref="VectorMath"/> on 4-lane vectors, for <see cref="MlpKernels256"/> on CPUs
/// without AVX-512: the same clamps and contracts, with a table-free exponential that needs only AVX2 and FMA.
/// </summary>
internal static class VectorMath256
{
    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 0.693147180369123816490;
    private const double Ln2Lo = 1.90821492927058770002e-10;

    /// <summary>Natural logarithm per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Log(V x) => Vector256.Log(x);

    /// <summary>Logistic sigmoid with the clamp of <see cref="VectorMath.Sigmoid"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Sigmoid(V z) => V.One / (V.One + ExpClamped(-z, -40.0, -VectorMath.ExpFloor));

    /// <summary>e^x for x &lt;= 0 with the clamp of <see cref="VectorMath.ExpNonPositive"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V ExpNonPositive(V x) => ExpClamped(x, VectorMath.ExpFloor, 0.0);

    /// <summary>
    /// tanh of every element, in place, 4 at a time by <see cref="Tanh"/> (a span whose length is not a multiple of 4
    /// ends with one padded vector). Not TensorPrimitives.Tanh: on CPUs without AVX-512 its result depended on the JIT
    /// tier its code had reached (its polynomial uses MultiplyAddEstimate, fused in optimised code and not in the first,
    /// quick JIT), so a tanh network trained in one process and again in another differed from the step where a
    /// background recompilation landed (a chaotic blobs run at eta = 7: final loss 9.73 in one process, 22.7 in the next).
    /// </summary>
    public static void TanhInPlace(Span<double> values)
    {
        ref var p = ref MemoryMarshal.GetReference(values);
        var full = values.Length - (values.Length % 4);
        for (var i = 0; i < full; i += 4)
        {
            Tanh(Vector256.LoadUnsafe(ref p, (nuint)i)).StoreUnsafe(ref p, (nuint)i);
        }

        if (full < values.Length)
        {
            Span<double> last = stackalloc double[4];
            values[full..].CopyTo(last);
            Tanh(Vector256.Create<double>(last)).CopyTo(last);
            last[..(values.Length - full)].CopyTo(values[full..]);
        }
    }

    /// <summary>
    /// tanh per lane: tanh |x| = -u / (2 + u) with u = e^(-2|x|) - 1 computed without cancellation (<see cref="ExpM1"/>),
    /// the sign of x put back (so -0 stays -0), ±1 for |x| &gt;= 20 (where tanh rounds to ±1), NaN kept. Within 3 ulp of
    /// <see cref="Math.Tanh"/> (tested); explicit fused multiply-adds only, so every JIT tier gives the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Tanh(V x)
    {
        var sign = Vector256.Create(-0.0);
        var a = Vector256.AndNot(x, sign);
        var u = ExpM1(Vector256.MaxNative(a * Vector256.Create(-2.0), Vector256.Create(-40.0)));
        var t = -u / (Vector256.Create(2.0) + u);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), t | (x & sign), x);
    }

    /// <summary>
    /// e^y - 1 for -40 &lt;= y &lt;= 0: y = k ln2 + r as in <see cref="ExpClamped"/>, e^r - 1 by the same Taylor polynomial
    /// without its constant term, then 2^k (e^r - 1) + (2^k - 1) with one rounding (2^k - 1 is exact for k &gt;= -53, and
    /// below that it is -1 to within e^-37).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V ExpM1(V y)
    {
        const double Magic = 6755399441055744.0;
        var kd = Vector256.FusedMultiplyAdd(y, Vector256.Create(Log2E), Vector256.Create(Magic));
        var k = kd - Vector256.Create(Magic);
        var r = Vector256.FusedMultiplyAdd(-k, Vector256.Create(Ln2Hi), y);
        r = Vector256.FusedMultiplyAdd(-k, Vector256.Create(Ln2Lo), r);
        var scale = (Vector256.ShiftLeft(kd.AsInt64(), 52) + Vector256.Create(1023L << 52)).AsDouble();
        var p = TaylorTail(r);
        var q = Vector256.FusedMultiplyAdd(p * r, r, r);
        return Vector256.FusedMultiplyAdd(scale, q, scale - V.One);
    }

    /// <summary>
    /// The Taylor polynomial of e^r from its degree-13 term down to the 1/2 of r^2, by Horner (truncation of the full series
    /// below 5e-18 relative for |r| &lt;= ln2/2), for <see cref="ExpClamped"/> and <see cref="ExpM1"/> to finish.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V TaylorTail(V r)
    {
        var p = Vector256.Create(1.0 / 6227020800.0);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 479001600.0));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 39916800.0));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 3628800.0));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 362880.0));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 40320.0));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 5040.0));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 720.0));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 120.0));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 24.0));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 6.0));
        return Vector256.FusedMultiplyAdd(p, r, Vector256.Create(0.5));
    }

    /// <summary>Sum of the 4 lanes in a fixed order: (l0 + l2) + (l1 + l3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double HorizontalSum(V v)
    {
        var a = v.GetLower() + v.GetUpper();
        return a.GetElement(0) + a.GetElement(1);
    }

    /// <summary>
    /// e^(clamp(x, lo, hi)), -708 &lt;= lo &lt; hi &lt;= 708: x = k ln2 + r, |r| &lt;= ln2/2, e^r by its Taylor polynomial of
    /// degree 13 (truncation below 5e-18 relative), 2^k added to the exponent field. NaN propagates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V ExpClamped(V x, double lo, double hi)
    {
        var xc = Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(lo)), Vector256.Create(hi));
        const double Magic = 6755399441055744.0;
        var kd = Vector256.FusedMultiplyAdd(xc, Vector256.Create(Log2E), Vector256.Create(Magic));
        var k = kd - Vector256.Create(Magic);
        var r = Vector256.FusedMultiplyAdd(-k, Vector256.Create(Ln2Hi), xc);
        r = Vector256.FusedMultiplyAdd(-k, Vector256.Create(Ln2Lo), r);
        var scale = (Vector256.ShiftLeft(kd.AsInt64(), 52) + Vector256.Create(1023L << 52)).AsDouble();
        var p = TaylorTail(r);
        p = Vector256.FusedMultiplyAdd(p, r, V.One);
        p = Vector256.FusedMultiplyAdd(p, r, V.One);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), p * scale, x);
    }
}
