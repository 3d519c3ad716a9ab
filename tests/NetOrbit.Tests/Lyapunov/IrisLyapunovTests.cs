using NetOrbit.Contracts;
using NetOrbit.Data;
using NetOrbit.Lyapunov;
using NetOrbit.Stages;
using NetOrbit.Training;
using Xunit;

namespace NetOrbit.Tests.Lyapunov;

/// <summary>
/// The paper's Iris regimes with the real 4-10-3 sigmoid/softmax model (NetOrbit.Training), 10 initial
/// conditions x 5 copies, 200 full-batch GD steps. The paper used 500 initial conditions; with 10 the
/// tolerances below are wide enough for sampling noise and still fail on a wrong estimator.
/// </summary>
public sealed class IrisLyapunovTests
{
    private const int InitialConditions = 10;
    private const int Steps = 200;

    private static readonly Dataset Iris =
        NetOrbit.Datasets.DatasetCatalog.FromJson("""{ "name": "iris", "source": "iris", "test_fraction": 0.2, "split_seed": 0 }""").Load();

    private static CollectingOutput Run(double eta, double eps, LyapunovOptions options, int members = 6)
    {
        var spec = MlpSpec.PaperIris;
        var stage = LyapunovStageFactory.CreateStage(options);
        var output = new CollectingOutput(stage.Tables);
        var experiment = stage.Start(StageContext.ForDirectory("."));
        var runs = new List<RunInfo>();
        for (var ic = 0; ic < InitialConditions; ic++)
        {
            var initial = ParameterInitializer.Ensemble(spec, WeightInit.Normal, 1000 + ic, members, eps, PerturbationTarget.Weights, 7 + ic);
            var trainer = new EnsembleTrainer(spec, members, Iris.Train);
            for (var m = 0; m < members; m++)
            {
                trainer.SetParameters(m, initial[m]);
            }

            var w = new double[members][][];
            for (var m = 0; m < members; m++)
            {
                w[m] = new double[Steps + 1][];
            }

            for (var t = 0; t <= Steps; t++)
            {
                for (var m = 0; m < members; m++)
                {
                    w[m][t] = trainer.Parameters(m).ToArray();
                }

                if (t < Steps)
                {
                    trainer.Step(eta);
                }
            }

            var run = new RunInfo
            {
                Index = ic, RunId = $"iris_eta{eta}_ic{ic:000}", Dataset = "iris", Architecture = "4-10-3", Eta = eta, Epsilon = eps,
                InitialCondition = ic, InitSeed = 1000 + ic, PerturbationSeed = 7 + ic, Members = members, Steps = Steps, Layout = spec.Layout,
            };
            runs.Add(run);
            StageHarness.Feed(experiment.StartRun(run, new RunContext(Iris, new NetworkModel(spec), ".")), run, w, output, stepsPerBatch: 64);
        }

        experiment.Complete(output);
        output.Summarize(stage, runs);
        return output;
    }

    [Fact]
    public void Iris_Eta1_Eps1e8_MostKeptAndNmleNearThePapers0p33_Within0p13()
    {
        var output = Run(1.0, 1e-8, new LyapunovOptions());
        Assert.InRange(output.Ints("lyapunov/summary", "kept")[0], 8, InitialConditions); // paper: about 90%
        Assert.InRange(output.Doubles("lyapunov/summary", "nmle_mean")[0], 0.20, 0.46);
    }

    [Fact]
    public void Iris_Eta1_NmleGrowsAsEpsilonShrinks()
    {
        var nmle = new[] { 1e-2, 1e-4, 1e-8 }.Select(eps => Run(1.0, eps, new LyapunovOptions()).Doubles("lyapunov/summary", "nmle_mean")[0]).ToArray();
        Assert.True(nmle[0] < nmle[1] && nmle[1] < nmle[2], string.Join(", ", nmle));
    }

    [Fact]
    public void Iris_Eta1_BenettinAndQrAgreePerRunWithin0p03_AndWithTheTwinEstimateWithinTwoStandardErrors()
    {
        var output = Run(1.0, 1e-8, new LyapunovOptions
        {
            Benettin = new() { Enabled = true },
            Spectrum = new() { Enabled = true, Exponents = 1, RecordEvery = Steps },
        });
        var benettin = output.Doubles("lyapunov/benettin", "lambda").Chunk(Steps).Select(c => c[^1]).ToArray();
        var qr = output.Doubles("lyapunov/spectrum", "exponent");
        var twin = output.Doubles("lyapunov/exponents", "lambda");
        Assert.Equal(InitialConditions, benettin.Length);
        Assert.Equal(InitialConditions, qr.Length);
        for (var i = 0; i < InitialConditions; i++)
        {
            Assert.Equal(qr[i], benettin[i], 0.03); // both follow the same trajectory: same finite-time exponent
        }

        static (double Mean, double Se) MeanSe(double[] x)
        {
            var m = x.Average();
            return (m, Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / (x.Length - 1) / x.Length));
        }

        var (mt, st) = MeanSe(twin);
        var (mq, sq) = MeanSe(qr);
        Assert.True(mq > 0.1, $"QR maximal exponent {mq}");
        Assert.True(Math.Abs(mt - mq) <= 2 * Math.Sqrt(st * st + sq * sq), $"twin {mt} +- {st}, QR {mq} +- {sq}");
    }

    [Fact]
    public void Iris_Eta0p01_NoInitialConditionShowsExponentialDivergence()
    {
        var output = Run(0.01, 1e-8, new LyapunovOptions());
        Assert.Equal(0, output.Ints("lyapunov/summary", "kept")[0]);
        Assert.All(output.Doubles("lyapunov/exponents", "lambda"), l => Assert.True(l < 0.05));
    }
}
