using NetOrbit.Contracts;
using NetOrbit.Training;

namespace NetOrbit.Tests.Training;

/// <summary>
/// <see cref="NetworkModel.GradientDescent"/> (many networks with the ensemble trainer's kernels)
/// against the interface's default (each network stepped with the reference <see cref="NetworkModel.Gradient"/>),
/// and a diverging network becoming NaN.
/// </summary>
public sealed class NetworkModelGradientDescentTests
{
    [Theory]
    [InlineData(HiddenActivation.Sigmoid, OutputActivation.Softmax, 0.01, 500)]
    [InlineData(HiddenActivation.Sigmoid, OutputActivation.Softmax, 1.0, 100)]
    [InlineData(HiddenActivation.Tanh, OutputActivation.Sigmoid, 0.1, 200)]
    public void GradientDescent_ManyNetworks_AgreesWithSteppingEachByItsGradient(HiddenActivation hidden, OutputActivation output, double eta, int steps)
    {
        var spec = new MlpSpec([4, 10, 3], hidden, output);
        var data = TrainingTestData.Blobs(120, 4, 3, 3);
        var model = new NetworkModel(spec);
        var p = spec.ParameterCount;
        var random = new Random(5);
        var batched = Enumerable.Range(0, 70 * p).Select(_ => random.NextDouble() * 2 - 1).ToArray(); // 70: two chunks of the trainer
        var single = (double[])batched.Clone();

        model.GradientDescent(batched, data, eta, steps);
        ((INetworkModel)new DefaultOnly(model)).GradientDescent(single, data, eta, steps);

        for (var i = 0; i < batched.Length; i++)
        {
            // The trainer's exp is within 2 ulp of Math.Exp and its sums run in another order: rounding only.
            Assert.True(Math.Abs(batched[i] - single[i]) <= 1e-9 * Math.Max(1, Math.Abs(single[i])), $"parameter {i % p} of network {i / p}: {batched[i]:R} vs {single[i]:R}");
        }
    }

    [Fact]
    public void GradientDescent_DivergingNetwork_BecomesNaNOthersGoOn()
    {
        var spec = new MlpSpec([4, 10, 3], HiddenActivation.Relu, OutputActivation.Softmax);
        var data = TrainingTestData.Blobs(60, 4, 3, 1);
        var model = new NetworkModel(spec);
        var p = spec.ParameterCount;
        var w = new double[2 * p];
        w.AsSpan(0, p).Fill(0.1);
        w.AsSpan(p, p).Fill(0.1);
        w[p] = double.PositiveInfinity;
        model.GradientDescent(w, data, 0.1, 5);
        Assert.All(w.AsSpan(p, p).ToArray(), x => Assert.True(double.IsNaN(x)));
        Assert.All(w.AsSpan(0, p).ToArray(), x => Assert.True(double.IsFinite(x)));
    }

    /// <summary>The model with only the interface's default GradientDescent.</summary>
    private sealed class DefaultOnly(NetworkModel inner) : INetworkModel
    {
        public ParameterLayout Layout => inner.Layout;

        public double Loss(ReadOnlySpan<double> w, NetOrbit.Data.DataSplit split) => inner.Loss(w, split);

        public double Gradient(ReadOnlySpan<double> w, NetOrbit.Data.DataSplit split, Span<double> gradient) => inner.Gradient(w, split, gradient);

        public void HessianVectorProduct(ReadOnlySpan<double> w, ReadOnlySpan<double> v, NetOrbit.Data.DataSplit split, Span<double> result) => inner.HessianVectorProduct(w, v, split, result);

        public void Predict(ReadOnlySpan<double> w, NetOrbit.Data.DataSplit split, Span<int> predictions) => inner.Predict(w, split, predictions);

        public INetworkModel Clone() => new DefaultOnly(inner);
    }
}
