using System.Runtime.Intrinsics;
using NetOrbit.Training;

namespace NetOrbit.Tests.Training;

/// <summary>
/// The trainer's tanh, on 8 lanes (TensorPrimitives in fixed chunks) and on 4 lanes (VectorMath256's own), gives every
/// element the same bits wherever the array lies in memory and stays close to Math.Tanh. (The end-to-end guard is
/// RegimeAcceptanceTests' retraining, whose tanh sweep did not repeat bit for bit from one process to the next: on 8
/// lanes before the chunks, on 4 lanes while they used TensorPrimitives, whose result there depends on the JIT tier.)
/// </summary>
public sealed class TanhDeterminismTests
{
    public static TheoryData<int> Lanes => new() { 8, 4 };

    [Theory]
    [MemberData(nameof(Lanes))]
    public void TanhInPlace_SameValuesAtEveryOffsetAndCloseToMathTanh(int lanes)
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 1442).Select(i => (random.NextDouble() - 0.5) * (i % 3 == 0 ? 60 : 6)).ToArray();
        var results = new List<double[]>();
        for (var offset = 0; offset < 8; offset++)
        {
            var buffer = new double[values.Length + 8];
            values.CopyTo(buffer, offset);
            var span = buffer.AsSpan(offset, values.Length);
            Apply(lanes, span);
            results.Add(span.ToArray());
        }

        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.All(results[0].Zip(values), p => Assert.Equal(Math.Tanh(p.Second), p.First, 1e-14));
    }

    /// <summary>
    /// The 4-lane tanh against Math.Tanh in ulps over 24 decades of |x| (where the quotient has no cancellation to hide an
    /// error), at the borders of its range reduction and at the special values: ±0 keep their sign, ±inf give ±1, NaN
    /// stays NaN; a tail shorter than a vector is computed like the rest.
    /// </summary>
    [Fact]
    public void Tanh4Lanes_WithinThreeUlpOfMathTanhAndExactAtSpecialValues()
    {
        var random = new Random(5);
        var xs = Enumerable.Range(0, 40_000).Select(_ => Math.Pow(10, -20 + (24 * random.NextDouble())) * (random.Next(2) == 0 ? -1 : 1))
            .Concat([1e-300, double.Epsilon, 0.173, 0.1733, 0.34657359, 0.3466, 1.0397, 19.06, 20, 21, 40, 710, 1e300])
            .ToArray();
        var ys = xs.ToArray();
        VectorMath256.TanhInPlace(ys);
        var worst = 0.0;
        for (var i = 0; i < xs.Length; i++)
        {
            var expected = Math.Tanh(xs[i]);
            var ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
            worst = Math.Max(worst, Math.Abs(ys[i] - expected) / ulp);
        }

        Assert.True(worst <= 3, $"worst {worst} ulp");

        double[] special = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN];
        VectorMath256.TanhInPlace(special);
        Assert.Equal(0.0, special[0]);
        Assert.True(double.IsNegative(special[1]) && special[1] == 0.0);
        Assert.Equal(1.0, special[2]);
        Assert.Equal(-1.0, special[3]);
        Assert.True(double.IsNaN(special[4]));

        var vector = VectorMath256.Tanh(Vector256.Create(0.5, -2.0, 1e-8, -30.0));
        Assert.Equal([vector[0], vector[1], vector[2], vector[3]], new[] { 0.5, -2.0, 1e-8, -30.0 }.Select(x =>
        {
            var one = new[] { x };
            VectorMath256.TanhInPlace(one);
            return one[0];
        }));
    }

    private static void Apply(int lanes, Span<double> span)
    {
        if (lanes == 8)
        {
            VectorMath.TanhInPlace(span);
        }
        else
        {
            VectorMath256.TanhInPlace(span);
        }
    }
}
