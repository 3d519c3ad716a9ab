using System.Runtime.CompilerServices;
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
        const double Magic = 6755399441055744.0;
        var xc = Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(lo)), Vector256.Create(hi));
        var kd = Vector256.FusedMultiplyAdd(xc, Vector256.Create(Log2E), Vector256.Create(Magic));
        var k = kd - Vector256.Create(Magic);
        var r = Vector256.FusedMultiplyAdd(-k, Vector256.Create(Ln2Hi), xc);
        r = Vector256.FusedMultiplyAdd(-k, Vector256.Create(Ln2Lo), r);
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
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(0.5));
        p = Vector256.FusedMultiplyAdd(p, r, V.One);
        p = Vector256.FusedMultiplyAdd(p, r, V.One);
        var scale = (Vector256.ShiftLeft(kd.AsInt64(), 52) + Vector256.Create(1023L << 52)).AsDouble();
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), p * scale, x);
    }
}
