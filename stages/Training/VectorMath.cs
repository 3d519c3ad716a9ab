using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector512<double>;

namespace NetOrbit.Training;

/// <summary>Element-wise functions on 8-lane float64 vectors used by the training kernels.</summary>
internal static class VectorMath
{
    private const double Log2E = 1.4426950408889634;

    // ln 2 split so that k * Ln2Hi is exact for |k| < 2^11 (Cody and Waite).
    private const double Ln2Hi = 0.693147180369123816490;
    private const double Ln2Lo = 1.90821492927058770002e-10;

    /// <summary>
    /// e^x per lane, without branches or calls. x is clamped to [-745.2, 709.8] (beyond which e^x rounds to 0 or
    /// overflows); x = (16 m + j) ln2/16 + r with |r| &lt;= ln2/32 (Cody-Waite split of ln2); e^x = 2^m 2^(j/16) e^r with
    /// 2^(j/16) from a 16-entry table of correctly rounded values (one permute) and e^r by its Taylor polynomial of
    /// degree 7 (truncation below 2e-18 relative); 2^m is applied as two exact power-of-two factors so that subnormal
    /// results round once and overflow gives +inf. Within 2 ulp of <see cref="Math.Exp"/> (tested); NaN propagates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Exp(V x)
    {
        var xc = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(-745.2)), Vector512.Create(709.8));
        var k = Vector512.Round(xc * Vector512.Create(16 * Log2E));
        var r = Vector512.FusedMultiplyAdd(-k, Vector512.Create(Ln2Hi / 16), xc);
        r = Vector512.FusedMultiplyAdd(-k, Vector512.Create(Ln2Lo / 16), r);
        var p = Vector512.Create(1.0 / 5040.0);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 720.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 120.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 24.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 6.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5));
        p = Vector512.FusedMultiplyAdd(p, r, V.One);
        p = Vector512.FusedMultiplyAdd(p, r, V.One);
        var ki = Vector512.ConvertToInt64Native(k);
        var m = Vector512.ShiftRightArithmetic(ki, 4);
        var m1 = Vector512.ShiftRightArithmetic(m, 1);
        var bias = Vector512.Create(1023L);
        var s1 = Vector512.ShiftLeft(m1 + bias, 52).AsDouble();
        var s2 = Vector512.ShiftLeft(m - m1 + bias, 52).AsDouble();
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), p * Table(ki) * s1 * s2, x);
    }

    /// <summary>2^(j/16) for j = the low 4 bits of each lane of <paramref name="k"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Table(Vector512<long> k)
    {
        var lower = Vector512.Create(1.0, 1.0442737824274138, 1.0905077326652577, 1.1387886347566916, 1.189207115002721, 1.241857812073484, 1.2968395546510096, 1.3542555469368927);
        var upper = Vector512.Create(1.4142135623730951, 1.4768261459394993, 1.5422108254079407, 1.6104903319492543, 1.681792830507429, 1.7562521603732995, 1.8340080864093424, 1.9152065613971474);
        if (Avx512F.IsSupported)
        {
            return Avx512F.PermuteVar8x64x2(lower, k, upper);
        }

        var j = k & Vector512.Create(7L);
        var high = Vector512.Equals(k & Vector512.Create(8L), Vector512.Create(8L)).AsDouble();
        return Vector512.ConditionalSelect(high, Vector512.Shuffle(upper, j), Vector512.Shuffle(lower, j));
    }

    /// <summary>Natural logarithm per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Log(V x) => Vector512.Log(x);

    /// <summary>
    /// Logistic sigmoid 1 / (1 + e^-z) with e^-z from <see cref="ExpClamped"/> on [-40, 708]: below -40, 1 + e^-z rounds
    /// to 1 anyway; above 708 (z &lt; -708) the result is about 3e-308 instead of a smaller subnormal number, a difference
    /// below 1e-307 absolute. Within 4 ulp of the scalar formula (tested); NaN propagates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Sigmoid(V z) => V.One / (V.One + ExpClamped(-z, -40.0, 708.0));

    /// <summary>
    /// e^x for softmax arguments x = z - max z &lt;= 0: <see cref="ExpClamped"/> on [-708, 0]. Below -708 it returns
    /// e^-708 ~ 3e-308 instead of a subnormal or zero, which changes a probability by less than 1e-307 absolute.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V ExpNonPositive(V x) => ExpClamped(x, -708.0, 0.0);

    /// <summary>
    /// e^(clamp(x, lo, hi)) for -708 &lt;= lo &lt; hi &lt;= 708, with <see cref="Exp"/>'s method; the bounds keep 2^m a normal
    /// number, so it is applied as one exact factor. NaN propagates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V ExpClamped(V x, double lo, double hi)
    {
        var xc = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(lo)), Vector512.Create(hi));
        var k = Vector512.Round(xc * Vector512.Create(16 * Log2E));
        var r = Vector512.FusedMultiplyAdd(-k, Vector512.Create(Ln2Hi / 16), xc);
        r = Vector512.FusedMultiplyAdd(-k, Vector512.Create(Ln2Lo / 16), r);
        var p = Vector512.Create(1.0 / 5040.0);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 720.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 120.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 24.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 6.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5));
        p = Vector512.FusedMultiplyAdd(p, r, V.One);
        p = Vector512.FusedMultiplyAdd(p, r, V.One);
        var ki = Vector512.ConvertToInt64Native(k);
        var scale = Vector512.ShiftLeft(Vector512.ShiftRightArithmetic(ki, 4) + Vector512.Create(1023L), 52).AsDouble();
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), p * Table(ki) * scale, x);
    }

    /// <summary>Sum of the 8 lanes in a fixed order: ((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double HorizontalSum(V v)
    {
        var a = v.GetLower() + v.GetUpper();
        var b = a.GetLower() + a.GetUpper();
        return b.GetElement(0) + b.GetElement(1);
    }
}
