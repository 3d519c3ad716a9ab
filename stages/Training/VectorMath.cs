using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetOrbit.Training;

/// <summary>Element-wise functions on 8-lane float64 vectors used by the training kernels.</summary>
internal static class VectorMath
{
    /// <summary>e^x per lane (about 1 ulp; overflow to +inf, underflow to 0, NaN propagates).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x) => Vector512.Exp(x);

    /// <summary>Natural logarithm per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log(Vector512<double> x) => Vector512.Log(x);

    /// <summary>Logistic sigmoid 1 / (1 + e^-z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sigmoid(Vector512<double> z) => Vector512<double>.One / (Vector512<double>.One + Exp(-z));

    /// <summary>Sum of the 8 lanes in a fixed order: ((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double HorizontalSum(Vector512<double> v)
    {
        var a = v.GetLower() + v.GetUpper();
        var b = a.GetLower() + a.GetUpper();
        return b.GetElement(0) + b.GetElement(1);
    }
}
