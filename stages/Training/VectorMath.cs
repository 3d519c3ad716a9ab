using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
    /// e^x per lane, without branches or calls: x is clamped to [-745.2, 709.8] (beyond which e^x rounds to 0 or
    /// overflows), x = k ln2 + r with |r| &lt;= ln2 / 2 (Cody-Waite split of ln2), e^r by its Taylor polynomial of degree
    /// 13 (truncation below 5e-18 relative), then scaled by 2^k as two exact power-of-two factors so that subnormal
    /// results round once and overflow gives +inf. About 1 ulp (tested against Math.Exp); NaN propagates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Exp(V x)
    {
        var xc = Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(-745.2)), Vector512.Create(709.8));
        var k = Vector512.Round(xc * Vector512.Create(Log2E));
        var r = Vector512.FusedMultiplyAdd(-k, Vector512.Create(Ln2Hi), xc);
        r = Vector512.FusedMultiplyAdd(-k, Vector512.Create(Ln2Lo), r);
        var p = Vector512.Create(1.0 / 6227020800.0);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 479001600.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 39916800.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 3628800.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 362880.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 40320.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 5040.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 720.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 120.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 24.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 6.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5));
        p = Vector512.FusedMultiplyAdd(p, r, V.One);
        p = Vector512.FusedMultiplyAdd(p, r, V.One);
        var ki = Vector512.ConvertToInt64Native(k);
        var k1 = Vector512.ShiftRightArithmetic(ki, 1);
        var bias = Vector512.Create(1023L);
        var s1 = Vector512.ShiftLeft(k1 + bias, 52).AsDouble();
        var s2 = Vector512.ShiftLeft(ki - k1 + bias, 52).AsDouble();
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), p * s1 * s2, x);
    }

    /// <summary>Natural logarithm per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Log(V x) => Vector512.Log(x);

    /// <summary>Logistic sigmoid 1 / (1 + e^-z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Sigmoid(V z) => V.One / (V.One + Exp(-z));

    /// <summary>Sum of the 8 lanes in a fixed order: ((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double HorizontalSum(V v)
    {
        var a = v.GetLower() + v.GetUpper();
        var b = a.GetLower() + a.GetUpper();
        return b.GetElement(0) + b.GetElement(1);
    }
}
