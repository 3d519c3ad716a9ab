using NetOrbit.Cli.Bench;
using NetOrbit.Contracts;
using Xunit;

namespace NetOrbit.Tests.Cli.Bench;

public sealed class ReferenceMlpTests
{
    [Fact]
    public void Gradient_MatchesCentralDifferencesOfLoss()
    {
        // The benchmark's yardstick must be a real gradient step: check it against finite differences
        // (h = 1e-6, tolerance 1e-7 absolute on O(1) gradients).
        var layout = ParameterLayout.ForLayers([3, 4, 2]);
        var model = new ReferenceMlp(layout);
        var random = new Random(3);
        var w = Enumerable.Range(0, layout.Count).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var x = Enumerable.Range(0, 5 * 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var split = new NetOrbit.Data.DataSplit(x, [0, 1, 1, 0, 1], 3, 2, [0, 1, 2, 3, 4]);
        var gradient = new double[layout.Count];
        var loss = model.Gradient(w, split, gradient);
        Assert.Equal(model.Loss(w, split), loss, 1e-14);
        const double h = 1e-6;
        for (var i = 0; i < layout.Count; i++)
        {
            var plus = (double[])w.Clone();
            var minus = (double[])w.Clone();
            plus[i] += h;
            minus[i] -= h;
            var numeric = (model.Loss(plus, split) - model.Loss(minus, split)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-7, $"parameter {i}: {gradient[i]} vs {numeric}");
        }
    }
}
