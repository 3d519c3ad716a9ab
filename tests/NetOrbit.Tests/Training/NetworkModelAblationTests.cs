using NetOrbit.Contracts;
using NetOrbit.Training;

namespace NetOrbit.Tests.Training;

/// <summary>
/// The incremental weight ablation of <see cref="NetworkModel.AblationLosses"/> against the plain
/// loss of each zeroed copy, and against the interface's default (every ablated network evaluated).
/// </summary>
public sealed class NetworkModelAblationTests
{
    [Theory]
    [InlineData(new[] { 4, 10, 3 }, HiddenActivation.Sigmoid, OutputActivation.Softmax, 0)] // the paper's layer: L + 2 is the output
    [InlineData(new[] { 4, 10, 3 }, HiddenActivation.Sigmoid, OutputActivation.Softmax, 1)] // L + 1 is the output
    [InlineData(new[] { 4, 10, 3 }, HiddenActivation.Relu, OutputActivation.Softmax, 0)]
    [InlineData(new[] { 4, 10, 3 }, HiddenActivation.Tanh, OutputActivation.Sigmoid, 0)]
    [InlineData(new[] { 4, 10, 3 }, HiddenActivation.Tanh, OutputActivation.Sigmoid, 1)]
    [InlineData(new[] { 3, 6, 5, 4 }, HiddenActivation.Relu, OutputActivation.Softmax, 0)] // deeper: layers above re-run
    [InlineData(new[] { 3, 6, 5, 4 }, HiddenActivation.Sigmoid, OutputActivation.Sigmoid, 0)]
    [InlineData(new[] { 3, 6, 5, 4 }, HiddenActivation.Relu, OutputActivation.Softmax, 1)]
    [InlineData(new[] { 3, 6, 5, 4 }, HiddenActivation.Tanh, OutputActivation.Softmax, 2)]
    public void AblationLosses_AgreeWithLossOfEachZeroedCopy(int[] layers, HiddenActivation hidden, OutputActivation output, int layer)
    {
        var spec = new MlpSpec(layers, hidden, output);
        var data = TrainingTestData.Blobs(90, layers[0], layers[^1], 7);
        var w = RandomParameters(spec.ParameterCount, 11);
        w[spec.Layout.Weights(layer).Offset + 1] = 0; // a zero weight: its ablation is the network itself
        var model = new NetworkModel(spec);
        var block = spec.Layout.Weights(layer);
        var incremental = new double[block.Length];
        var chosen = new double[block.Length];

        var baseline = model.IncrementalAblation(w, data, layer, incremental);
        var chosenBaseline = model.AblationLosses(w, data, layer, chosen); // batched at these sizes

        Assert.Equal(model.Loss(w, data), baseline); // bit for bit
        Assert.Equal(baseline, chosenBaseline, 1e-12);
        for (var k = 0; k < block.Length; k++)
        {
            var copy = (double[])w.Clone();
            copy[block.Offset + k] = 0;
            var direct = model.Loss(copy, data);
            Assert.True(Math.Abs(incremental[k] - direct) <= 1e-12 * Math.Abs(direct), $"weight {k}: {incremental[k]:R} vs {direct:R}");
            Assert.True(Math.Abs(chosen[k] - direct) <= 1e-12 * Math.Abs(direct), $"weight {k}: {chosen[k]:R} vs {direct:R}");
        }

        Assert.Equal(baseline, incremental[1]);
    }

    [Fact]
    public void AblationLosses_DigitsSizedNetwork_UpdatesActivationsAndAgreesWithZeroedCopies()
    {
        // 64-32-10 takes the incremental path (237 multiply-adds per output); check a spread of weights.
        var spec = new MlpSpec([64, 32, 10], HiddenActivation.Relu, OutputActivation.Softmax);
        var data = TrainingTestData.Blobs(150, 64, 10, 2);
        var w = RandomParameters(spec.ParameterCount, 5);
        var model = new NetworkModel(spec);
        var losses = new double[64 * 32];
        var baseline = model.AblationLosses(w, data, 0, losses);
        Assert.Equal(model.Loss(w, data), baseline); // the incremental path's baseline is Loss itself
        for (var k = 0; k < losses.Length; k += 97)
        {
            var copy = (double[])w.Clone();
            copy[k] = 0;
            var direct = model.Loss(copy, data);
            Assert.True(Math.Abs(losses[k] - direct) <= 1e-12 * Math.Abs(direct), $"weight {k}: {losses[k]:R} vs {direct:R}");
        }
    }

    [Fact]
    public void AblationLosses_AgreeWithTheInterfaceDefault()
    {
        // The default evaluates all ablated networks with the trainer's batched kernels.
        var spec = new MlpSpec([4, 10, 3], HiddenActivation.Relu, OutputActivation.Softmax);
        var data = TrainingTestData.Blobs(120, 4, 3, 5);
        var w = RandomParameters(spec.ParameterCount, 3);
        var model = new NetworkModel(spec);
        var incremental = new double[40];
        var batched = new double[40];
        var b1 = model.IncrementalAblation(w, data, 0, incremental);
        var b2 = DefaultAblation(model, w, data, batched);
        Assert.Equal(b2, b1, 1e-12);
        for (var k = 0; k < 40; k++)
        {
            Assert.True(Math.Abs(incremental[k] - batched[k]) <= 1e-12 * Math.Abs(batched[k]), $"weight {k}");
        }
    }

    [Fact]
    public void AblationLosses_BadArguments_Throw()
    {
        var spec = new MlpSpec([4, 10, 3]);
        var data = TrainingTestData.Blobs(30, 4, 3, 1);
        var model = new NetworkModel(spec);
        var w = RandomParameters(spec.ParameterCount, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.AblationLosses(w, data, 2, new double[30]));
        Assert.Throws<ArgumentException>(() => model.AblationLosses(w, data, 0, new double[39]));
    }

    private static double DefaultAblation(INetworkModel model, double[] w, Data.DataSplit data, double[] losses) =>
        ((INetworkModel)new DefaultOnly(model)).AblationLosses(w, data, 0, losses);

    private static double[] RandomParameters(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 4) - 2)];
    }

    /// <summary>Forwards everything but <see cref="INetworkModel.AblationLosses"/>, so the interface's default runs.</summary>
    private sealed class DefaultOnly(INetworkModel inner) : INetworkModel
    {
        public ParameterLayout Layout => inner.Layout;

        public double Loss(ReadOnlySpan<double> w, Data.DataSplit split) => inner.Loss(w, split);

        public double Gradient(ReadOnlySpan<double> w, Data.DataSplit split, Span<double> gradient) => inner.Gradient(w, split, gradient);

        public void HessianVectorProduct(ReadOnlySpan<double> w, ReadOnlySpan<double> v, Data.DataSplit split, Span<double> result) => inner.HessianVectorProduct(w, v, split, result);

        public void Losses(ReadOnlySpan<double> parameters, Data.DataSplit split, Span<double> losses) => inner.Losses(parameters, split, losses);

        public void Predict(ReadOnlySpan<double> w, Data.DataSplit split, Span<int> predictions) => inner.Predict(w, split, predictions);

        public INetworkModel Clone() => new DefaultOnly(inner.Clone());
    }
}
