using NetOrbit.Training;
using Xunit;

namespace NetOrbit.Tests.Training;

public sealed class ParameterInitializerTests
{
    [Fact]
    public void Initialize_SameSeed_SameVectorDifferentSeedDiffers()
    {
        var spec = MlpSpec.PaperIris;
        double[] a = new double[83], b = new double[83], c = new double[83];
        ParameterInitializer.Initialize(spec, WeightInit.Normal, 1234567890123L, a);
        ParameterInitializer.Initialize(spec, WeightInit.Normal, 1234567890123L, b);
        ParameterInitializer.Initialize(spec, WeightInit.Normal, 1234567890124L, c);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(WeightInit.Normal, 1.0)]
    [InlineData(WeightInit.He, 0.1767766952966369)]
    [InlineData(WeightInit.Glorot, 0.083333333333333333)]
    public void Initialize_WeightsHaveTheDocumentedSpreadAndBiasesAreZero(WeightInit init, double sd)
    {
        // 64-x-1: He sd = sqrt(2/64); Glorot U(-a, a), a = sqrt(6/(64+224)), sd = a / sqrt(3) = sqrt(2/288).
        var spec = new MlpSpec([64, init == WeightInit.Glorot ? 224 : 4000, 1]);
        var w = new double[spec.ParameterCount];
        ParameterInitializer.Initialize(spec, init, 5, w);
        var block = w.AsSpan(spec.Layout.Weights(0).Offset, spec.Layout.Weights(0).Length).ToArray();
        var mean = block.Average();
        var std = Math.Sqrt(block.Select(x => (x - mean) * (x - mean)).Average());
        Assert.InRange(mean, -5 * sd / Math.Sqrt(block.Length), 5 * sd / Math.Sqrt(block.Length));
        Assert.InRange(std / sd, 0.98, 1.02);
        Assert.All(w.AsSpan(spec.Layout.Biases(0).Offset, spec.Layout.Biases(0).Length).ToArray(), x => Assert.Equal(0, x));
    }

    [Fact]
    public void Perturb_WeightsOnly_LeavesBiasesAndStaysWithinEpsilon()
    {
        var spec = MlpSpec.PaperIris;
        var w = new double[83];
        ParameterInitializer.Initialize(spec, WeightInit.Normal, 1, w);
        var copy = new double[83];
        ParameterInitializer.Perturb(spec.Layout, w, 1e-3, PerturbationTarget.Weights, 9, copy);
        for (var i = 0; i < 83; i++)
        {
            if (spec.Layout.IsWeight(i))
            {
                Assert.InRange(copy[i] - w[i], -1e-3, 1e-3);
                Assert.NotEqual(w[i], copy[i]);
            }
            else
            {
                Assert.Equal(w[i], copy[i]);
            }
        }

        var all = new double[83];
        ParameterInitializer.Perturb(spec.Layout, w, 1e-3, PerturbationTarget.All, 9, all);
        Assert.All(Enumerable.Range(0, 83), i => Assert.NotEqual(w[i], all[i]));
    }

    [Fact]
    public void Ensemble_MemberZeroIsReferenceAndCopiesAreDistinct()
    {
        var spec = MlpSpec.PaperIris;
        var e = ParameterInitializer.Ensemble(spec, WeightInit.Normal, 3, 4, 1e-8, PerturbationTarget.Weights, 4);
        var w = new double[83];
        ParameterInitializer.Initialize(spec, WeightInit.Normal, 3, w);
        Assert.Equal(w, e[0]);
        Assert.NotEqual(e[1], e[2]);
        var d = e[1].Zip(e[0], (a, b) => Math.Abs(a - b)).Sum();
        Assert.InRange(d, 70 * 1e-8 / 2 * 0.6, 70 * 1e-8 / 2 * 1.4);
        Assert.Equal(e[3], ParameterInitializer.Ensemble(spec, WeightInit.Normal, 3, 4, 1e-8, PerturbationTarget.Weights, 4)[3]);
    }
}
