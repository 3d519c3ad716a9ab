using System.Numerics.Tensors;
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
    /// The smallest argument the kernels' sigmoid and softmax exponentials take: below it e^x is replaced by
    /// e^-600 ~ 2.7e-261. Saturated units (|z| in the hundreds, as with eps = 1e3 perturbations or eta = 5 weights)
    /// otherwise give outputs near the bottom of the normal range, and their products in the backward pass subnormal
    /// numbers, which x86 CPUs handle in microcode: such ensembles trained 4 times slower. The replaced values are
    /// below 3e-261 absolute, so a sum that holds any term above about 1e-245 has the same bits either way, and a
    /// weight's update changes only where eta times such a value is not negligible against the weight: learning rates
    /// above about 1e240 (a probe at eta = 1e306 blows up a step sooner). The default study's tables are identical
    /// bit for bit.
    /// </summary>
    public const double ExpFloor = -600.0;

    /// <summary>
    /// Logistic sigmoid 1 / (1 + e^-z) with e^-z for z clamped to [<see cref="ExpFloor"/>, 40]: above 40, 1 + e^-z
    /// rounds to 1 anyway; for z &lt; <see cref="ExpFloor"/> the result is e^-600 ~ 2.7e-261 instead of a smaller number.
    /// e^-z is computed from z itself (<see cref="ExpCore"/> with <c>negated</c>), so no lane is negated first. Within 4 ulp
    /// of the scalar formula elsewhere (tested); NaN propagates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Sigmoid(V z) => V.One / (V.One + ExpCore(Clamp(z, ExpFloor, 40.0), negated: true));

    /// <summary>
    /// e^x for x &lt;= 0 (softmax arguments z - max z, and -|z| of sigmoid outputs), x clamped to [<see cref="ExpFloor"/>, 0].
    /// Below the floor it returns e^-600 ~ 2.7e-261, which changes a probability by less than 3e-261 absolute.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V ExpNonPositive(V x) => ExpCore(Clamp(x, ExpFloor, 0.0), negated: false);

    /// <summary>
    /// x clamped to [lo, hi], NaN kept: x86's max and min return their second operand when either is NaN, so x goes second
    /// (the portable fallback, (a &gt; b) ? a : b, does the same). A NaN then runs through <see cref="ExpCore"/>'s arithmetic
    /// and comes out NaN, with no compare and select.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Clamp(V x, double lo, double hi) =>
        Vector512.MinNative(Vector512.Create(hi), Vector512.MaxNative(Vector512.Create(lo), x));

    /// <summary>
    /// e^s for s = <paramref name="xc"/>, or s = -<paramref name="xc"/> when <paramref name="negated"/> (a constant at every
    /// call, so one branch is compiled), for <paramref name="xc"/> clamped so that |s| &lt;= 708, without branches or calls:
    /// s = (16 m + j) ln2/16 + r with |r| &lt;= ln2/32 (Cody-Waite split of ln2); e^s = 2^m 2^(j/16) e^r with 2^(j/16) from a
    /// 16-entry table of correctly rounded values (one permute) and e^r by its Taylor polynomial of degree 7 (truncation
    /// below 2e-18 relative); the bounds keep 2^m a normal number, so it is applied as one exact factor. Within 2 ulp of
    /// <see cref="Math.Exp"/> (tested).
    /// The negated form carries -r and uses negated fused multiply-adds (-(a b) + c): round-to-nearest is symmetric in
    /// sign, so every intermediate is the exact negative of the one computed from -xc, and e^-xc has the same bits either
    /// way (tested against the plain form), without negating any vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static V ExpCore(V xc, bool negated)
    {
        // k = round(16 s / ln2) by adding 1.5 * 2^52: the low bits of the sum are k in two's complement.
        const double Magic = 6755399441055744.0;
        var magic = Vector512.Create(Magic);
        V kd, r;
        if (negated)
        {
            kd = FmaNegated(xc, Vector512.Create(16 * Log2E), magic);
            var k = kd - magic;
            r = Vector512.FusedMultiplyAdd(k, Vector512.Create(Ln2Hi / 16), xc); // -r
            r = Vector512.FusedMultiplyAdd(k, Vector512.Create(Ln2Lo / 16), r);
        }
        else
        {
            kd = Vector512.FusedMultiplyAdd(xc, Vector512.Create(16 * Log2E), magic);
            var k = kd - magic;
            r = FmaNegated(k, Vector512.Create(Ln2Hi / 16), xc);
            r = FmaNegated(k, Vector512.Create(Ln2Lo / 16), r);
        }

        var p = Vector512.Create(1.0 / 5040.0);
        p = Step(p, r, 1.0 / 720.0, negated);
        p = Step(p, r, 1.0 / 120.0, negated);
        p = Step(p, r, 1.0 / 24.0, negated);
        p = Step(p, r, 1.0 / 6.0, negated);
        p = Step(p, r, 0.5, negated);
        p = Step(p, r, 1.0, negated);
        p = Step(p, r, 1.0, negated);

        // 2^(k/16) = 2^m 2^(j/16), m = k >> 4: add m to the exponent field of the table entry (in [1, 2)); the clamp keeps
        // the sum a normal number. ((k << 48) with bits 48..51 cleared) is (k >> 4) << 52 in two's complement.
        var bits = kd.AsInt64();
        var exponent = Vector512.ShiftLeft(bits, 48) & Vector512.Create(unchecked((long)0xFFF0_0000_0000_0000UL));
        var scale = (Table(bits).AsInt64() + exponent).AsDouble();
        return p * scale;
    }

    /// <summary>One Horner step p r + c, where <paramref name="negated"/> says <paramref name="r"/> holds -r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Step(V p, V r, double c, bool negated) =>
        negated ? FmaNegated(p, r, Vector512.Create(c)) : Vector512.FusedMultiplyAdd(p, r, Vector512.Create(c));

    /// <summary>-(a b) + c with one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V FmaNegated(V a, V b, V c) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAddNegated(a, b, c) : Vector512.FusedMultiplyAdd(-a, b, c);

    /// <summary>
    /// tanh of every element, in place, by TensorPrimitives.Tanh in fixed chunks of 64. On a longer span TensorPrimitives
    /// aligns its main loop to the destination's address and overlaps its first and last vectors with it, so the
    /// elements a vector holds, and through its approximation their last bits, would depend on where the GC placed the
    /// array: training with tanh did not repeat bit for bit from one process to the next. Up to 8 vectors (64 doubles)
    /// it takes a path that depends on the length only. (The 4-lane kernels use <see cref="VectorMath256.TanhInPlace"/>.)
    /// </summary>
    public static void TanhInPlace(Span<double> values)
    {
        const int chunk = 64;
        var full = values.Length - (values.Length % chunk);
        for (var i = 0; i < full; i += chunk)
        {
            var c = values.Slice(i, chunk);
            TensorPrimitives.Tanh(c, c);
        }

        var tail = values[full..];
        TensorPrimitives.Tanh(tail, tail);
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
