using NetOrbit.Training;
using Xunit;
using Xunit.Abstractions;

namespace NetOrbit.Tests.Training;

/// <summary>
/// EnsembleTrainer against tests/NetOrbit.Tests/Data/reference/iris_gd_reference.csv.gz (an independent float64 implementation):
/// 4-10-3 sigmoid/softmax, full-batch GD, three initial conditions trained as three members of one ensemble.
/// </summary>
public sealed class IrisReferenceTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-9;

    [Theory]
    [InlineData(0.01, 300, true)]
    [InlineData(1.0, 20, true)]
    [InlineData(5.0, 20, true)]
    [InlineData(0.01, 300, false)]
    [InlineData(1.0, 20, false)]
    [InlineData(5.0, 20, false)]
    public void Step_IrisReference_MatchesEveryStepWithinRelative1e9(double eta, int steps, bool vector512)
    {
        var (train, _) = TrainingTestData.IrisReferenceSplit();
        var reference = TrainingTestData.IrisReference().Where(r => r.Eta == eta).ToList();
        var cases = reference.Select(r => r.Case).Distinct().Order().ToArray();
        Assert.Equal(3, cases.Length);
        var trainer = new EnsembleTrainer(MlpSpec.PaperIris, cases.Length, train, null, vector512);
        for (var m = 0; m < cases.Length; m++)
        {
            trainer.SetParameters(m, reference.Single(r => r.Case == cases[m] && r.Step == 0).W);
        }

        double maxW = 0, maxLoss = 0;
        for (var t = 0; t <= steps; t++)
        {
            for (var m = 0; m < cases.Length; m++)
            {
                var row = reference.Single(r => r.Case == cases[m] && r.Step == t);
                var w = trainer.Parameters(m);
                for (var i = 0; i < w.Length; i++)
                {
                    maxW = Math.Max(maxW, Relative(w[i], row.W[i]));
                }
            }

            if (t < steps)
            {
                trainer.Step(eta);
            }
            else
            {
                trainer.MeasureCurrent();
            }

            Assert.Equal(t, trainer.MetricsStep);
            for (var m = 0; m < cases.Length; m++)
            {
                var row = reference.Single(r => r.Case == cases[m] && r.Step == t);
                maxLoss = Math.Max(maxLoss, Relative(trainer.Losses[m], row.Loss));
                Assert.Equal(row.Accuracy, trainer.Accuracies[m], 1e-12);
            }
        }

        output.WriteLine($"eta {eta} ({(vector512 ? 8 : 4)} lanes): {steps} steps, max relative error weights {maxW:E2}, loss {maxLoss:E2}");
        Assert.True(maxW <= Tolerance, $"weights: max relative error {maxW:E2}");
        Assert.True(maxLoss <= Tolerance, $"loss: max relative error {maxLoss:E2}");
        Assert.Equal(-1, trainer.DivergedSteps.ToArray().Max());
    }

    private static double Relative(double actual, double expected) =>
        actual == expected ? 0 : Math.Abs(actual - expected) / Math.Abs(expected);
}
