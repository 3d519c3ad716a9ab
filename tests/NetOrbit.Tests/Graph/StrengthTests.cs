using Xunit;
using NetOrbit.Contracts;
using NetOrbit.Graph;
using NetOrbit.Graph.Kernels;

namespace NetOrbit.Tests.Graph;

public sealed class StrengthTests
{
    // Network 2-3-1: W1 = [[1, -2, 0], [3, 1, -1]], b1 = [9, 9, 9] (ignored), W2 = [[2], [-1], [0.5]], b2 = [9].
    internal static readonly double[] HandNetwork = [1, -2, 0, 3, 1, -1, 9, 9, 9, 2, -1, 0.5, 9];

    [Fact]
    public void Compute_HandLayer_GivesRowAndColumnSums()
    {
        double[] outAbs = new double[2], outSigned = new double[2], inAbs = new double[3], inSigned = new double[3];
        NeuronStrengths.Compute(HandNetwork.AsSpan(0, 6), 2, 3, outAbs, outSigned, inAbs, inSigned);
        Assert.Equal([3, 5], outAbs);
        Assert.Equal([-1, 3], outSigned);
        Assert.Equal([4, 3, 1], inAbs);
        Assert.Equal([4, -1, -1], inSigned);
    }

    [Fact]
    public void Analyze_HandNetwork_GivesStrengthsAndTheirDistribution()
    {
        var analyzer = new SnapshotAnalyzer(ParameterLayout.ForLayers([2, 3, 1]));
        analyzer.Analyze(HandNetwork, HandNetwork, []);

        Assert.Empty(analyzer.InStrength[0]);
        Assert.Equal([3, 5], analyzer.OutStrength[0]);
        Assert.Equal([4, 3, 1], analyzer.InStrength[1]);
        Assert.Equal([2, 1, 0.5], analyzer.OutStrength[1]);
        Assert.Equal([2, -1, 0.5], analyzer.OutSigned[1]);
        Assert.Equal([3.5], analyzer.InStrength[2]);
        Assert.Equal([1.5], analyzer.InSigned[2]);
        Assert.Empty(analyzer.OutStrength[2]);

        // In-strengths of the hidden layer [4, 3, 1]: mean 8/3, std sqrt(14)/3, Gini 0.25 (hand), max 4.
        var hidden = analyzer.Layers[0].InStrength;
        Assert.Equal(8.0 / 3, hidden.Mean, 1e-15);
        Assert.Equal(Math.Sqrt(14) / 3, hidden.Std, 1e-15);
        Assert.Equal(0.25, hidden.Gini, 1e-15);
        Assert.Equal(4, hidden.Max);

        // Out-strengths of the inputs [3, 5]: Gini = |3 - 5| * 2 / (2 * 4 * 4) = 0.125.
        Assert.Equal(0.125, analyzer.Layers[0].OutStrength.Gini, 1e-15);

        // A single output neuron: Gini 0, std 0.
        Assert.Equal(0, analyzer.Layers[1].InStrength.Gini, 1e-15);
        Assert.Equal(0, analyzer.Layers[1].InStrength.Std);
    }

    [Fact]
    public void Gini_EqualValues_IsZero() => Assert.Equal(0, StrengthSummary.GiniCoefficient([2, 2, 2, 2], new double[4]), 1e-15);

    [Fact]
    public void Gini_AllMassOnOneOfN_IsOneMinusOneOverN() =>
        Assert.Equal(1 - 1.0 / 5, StrengthSummary.GiniCoefficient([0, 0, 7, 0, 0], new double[5]), 1e-15);

    [Fact]
    public void Gini_MatchesPairwiseDefinition()
    {
        var x = JacobiEigen.Gaussian(37, 11).Select(Math.Abs).ToArray();
        double pairs = 0;
        foreach (var a in x)
        {
            foreach (var b in x)
            {
                pairs += Math.Abs(a - b);
            }
        }

        var expected = pairs / (2.0 * x.Length * x.Length * x.Average());
        Assert.Equal(expected, StrengthSummary.GiniCoefficient(x, new double[x.Length]), 1e-13);
    }

    [Fact]
    public void Gini_AllZero_IsNaN() => Assert.True(double.IsNaN(StrengthSummary.GiniCoefficient([0, 0], new double[2])));
}
