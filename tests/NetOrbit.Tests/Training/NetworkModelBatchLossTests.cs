using NetOrbit.Training;

namespace NetOrbit.Tests.Training;

public sealed class NetworkModelBatchLossTests
{
    [Theory]
    [InlineData(HiddenActivation.Sigmoid, OutputActivation.Softmax, 70)]
    [InlineData(HiddenActivation.Tanh, OutputActivation.Sigmoid, 3)]
    [InlineData(HiddenActivation.Relu, OutputActivation.Softmax, 130)]
    public void Losses_ManyNetworks_AgreeWithLossOneByOne(HiddenActivation hidden, OutputActivation output, int networks)
    {
        var spec = new MlpSpec([4, 10, 3], hidden, output);
        var data = TrainingTestData.Blobs(120, 4, 3, 5);
        var p = spec.ParameterCount;
        var parameters = new double[networks * p];
        var random = new Random(3);
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = (random.NextDouble() * 4) - 2;
        }

        var model = new NetworkModel(spec);
        var batched = new double[networks];
        model.Losses(parameters, data, batched);
        for (var k = 0; k < networks; k++)
        {
            var single = model.Loss(parameters.AsSpan(k * p, p), data);
            Assert.True(Math.Abs(batched[k] - single) <= 1e-12 * Math.Abs(single), $"network {k}: {batched[k]:R} vs {single:R}");
        }
    }
}
