using Xunit;
using NetOrbit.Contracts;
using NetOrbit.Data;
using NetOrbit.Graph.Kernels;

namespace NetOrbit.Tests.Graph;

public sealed class AblationAndMisclassificationTests
{
    internal static Dataset TwoFeatureDataset() => new(
        "toy",
        ["x0", "x1"],
        ["a", "b"],
        // rows: (2,1) a, (1,3) b, (5,0) b [wrong under W = I], (0,1) a [wrong], (4,2) a, (1,2) b test, (3,1) b test [wrong]
        [2, 1, 1, 3, 5, 0, 0, 1, 4, 2, 1, 2, 3, 1],
        [0, 1, 1, 0, 0, 1, 1],
        [false, false, false, false, false, true, true]);

    [Fact]
    public void AblationLosses_QuadraticModel_GivesHandLosses()
    {
        // Layout [2, 2]: W1 has 4 weights, b1 two biases. L = 1 + sum c_i w_i^2.
        var layout = ParameterLayout.ForLayers([2, 2]);
        double[] c = [1, 2, 3, 4, 5, 6], w = [1, 1, 2, -1, 0.5, 0.5];
        var model = new QuadraticModel(layout, c);
        var ablated = new double[4];
        var baseline = ((INetworkModel)model).AblationLosses(w, TwoFeatureDataset().Train, 0, ablated);

        // baseline = 1 + 1 + 2 + 12 + 4 + 1.25 + 1.5 = 22.75; ablating w_k removes c_k w_k^2.
        Assert.Equal(22.75, baseline, 1e-14);
        Assert.Equal([21.75, 20.75, 10.75, 18.75], ablated, (a, b) => Math.Abs(a - b) <= 1e-14);
        Assert.Equal([1, 1, 2, -1, 0.5, 0.5], w); // the input is not modified
    }

    [Fact]
    public void AblationLosses_LinearSoftmax_MatchesDirectLossOfZeroedCopy()
    {
        var data = TwoFeatureDataset();
        var model = new LinearSoftmaxModel(2, 2);
        double[] w = [0.7, -0.2, 0.1, 0.9, 0.05, -0.05];
        var ablated = new double[4];
        var baseline = ((INetworkModel)model).AblationLosses(w, data.Train, 0, ablated);
        Assert.Equal(model.Loss(w, data.Train), baseline);
        for (var k = 0; k < 4; k++)
        {
            var copy = (double[])w.Clone();
            copy[k] = 0;
            Assert.Equal(model.Loss(copy, data.Train), ablated[k]);
        }
    }

    [Fact]
    public void Find_IdentityClassifier_ReturnsRowsWhoseLargerFeatureDisagreesWithLabel()
    {
        // W = I, b = 0: predicted class = index of the larger feature.
        var data = TwoFeatureDataset();
        var model = new LinearSoftmaxModel(2, 2);
        double[] w = [1, 0, 0, 1, 0, 0];
        var train = new int[data.Train.Count];
        Assert.Equal([2, 3], Misclassification.Find(model, w, data.Train, train));
        Assert.Equal([0, 1, 0, 1, 0], train);
        var test = new int[data.Test.Count];
        Assert.Equal([1], Misclassification.Find(model, w, data.Test, test));
        Assert.Equal(6, data.Test.SourceRows[1]);
    }
}
