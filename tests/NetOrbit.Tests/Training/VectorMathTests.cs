using System.Runtime.Intrinsics;
using NetOrbit.Training;
using Xunit;
using Xunit.Abstractions;

namespace NetOrbit.Tests.Training;

public sealed class VectorMathTests(ITestOutputHelper output)
{
    [Fact]
    public void Exp_AcrossRange_WithinTwoUlpOfMathExp()
    {
        var rng = new Random(11);
        double maxUlp = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var scale = i % 3 == 0 ? 1.0 : i % 3 == 1 ? 40.0 : 740.0;
            var x = Vector512.Create(Enumerable.Range(0, 8).Select(_ => scale * (2 * rng.NextDouble() - 1)).ToArray());
            var y = VectorMath.Exp(x);
            for (var j = 0; j < 8; j++)
            {
                var e = Math.Exp(x[j]);
                if (double.IsInfinity(e))
                {
                    Assert.Equal(e, y[j]);
                    continue;
                }

                var ulp = e == 0 ? double.Epsilon : Math.BitIncrement(e) - e;
                maxUlp = Math.Max(maxUlp, Math.Abs(y[j] - e) / ulp);
            }
        }

        output.WriteLine($"max error {maxUlp} ulp");
        Assert.True(maxUlp <= 2, $"max error {maxUlp} ulp");
    }

    [Fact]
    public void Exp_SpecialValues_FollowMathExp()
    {
        double[] xs = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 709.9, -746, 0, -0.0, 708, -708];
        foreach (var x in xs)
        {
            var v = VectorMath.Exp(Vector512.Create(x, 0.5, 1, 2, 3, 4, 5, 6));
            var e = Math.Exp(x);
            Assert.True(v[0].Equals(e) || Math.Abs(v[0] - e) <= 2 * (Math.BitIncrement(e) - e), $"exp({x}) = {v[0]}, expected {e}");
            Assert.Equal(Math.Exp(0.5), v[1], 15);
        }
    }

    [Fact]
    public void Sigmoid_AcrossRange_WithinFourUlpOfScalarFormula()
    {
        var rng = new Random(5);
        double maxUlp = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var scale = i % 2 == 0 ? 5.0 : 700.0;
            var z = Vector512.Create(Enumerable.Range(0, 8).Select(_ => scale * (2 * rng.NextDouble() - 1)).ToArray());
            var y = VectorMath.Sigmoid(z);
            for (var j = 0; j < 8; j++)
            {
                var e = 1 / (1 + Math.Exp(-z[j]));
                var ulp = Math.BitIncrement(e) - e;
                maxUlp = Math.Max(maxUlp, Math.Abs(y[j] - e) / ulp);
            }
        }

        output.WriteLine($"sigmoid max error {maxUlp} ulp");
        Assert.True(maxUlp <= 4, $"max error {maxUlp} ulp");
        var s = VectorMath.Sigmoid(Vector512.Create(double.NaN, 50, -800, double.PositiveInfinity, double.NegativeInfinity, 0, 1, -1));
        Assert.True(double.IsNaN(s[0]));
        Assert.Equal(1.0, s[1]);
        Assert.True(s[2] >= 0 && s[2] < 1e-307);
        Assert.Equal(1.0, s[3]);
        Assert.True(s[4] < 1e-307);
        Assert.Equal(0.5, s[5]);
    }

    [Fact]
    public void ExpNonPositive_WithinTwoUlpAndClampedBelowMinus708()
    {
        var rng = new Random(6);
        double maxUlp = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var x = Vector512.Create(Enumerable.Range(0, 8).Select(_ => -700 * rng.NextDouble()).ToArray());
            var y = VectorMath.ExpNonPositive(x);
            for (var j = 0; j < 8; j++)
            {
                var e = Math.Exp(x[j]);
                maxUlp = Math.Max(maxUlp, Math.Abs(y[j] - e) / (Math.BitIncrement(e) - e));
            }
        }

        Assert.True(maxUlp <= 2, $"max error {maxUlp} ulp");
        var s = VectorMath.ExpNonPositive(Vector512.Create(double.NaN, 0, -800, double.NegativeInfinity, -1, -2, -3, -4));
        Assert.True(double.IsNaN(s[0]));
        Assert.Equal(1.0, s[1]);
        Assert.InRange(s[2], 0, 1e-307);
        Assert.InRange(s[3], 0, 1e-307);
    }
}
