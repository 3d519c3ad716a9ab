using System.Text.Json;
using NetOrbit.Config;
using NetOrbit.Lyapunov;
using NetOrbit.Stages;
using Xunit;

namespace NetOrbit.Tests.Lyapunov;

public sealed class LyapunovStageTests
{
    // GD at eta = 1 on 1/2 sum h_i w_i^2: mode 0 has 1 - h0 = -e^0.3, so separations grow like e^(0.3 t).
    // W(0) has no component in mode 0, so the reference itself stays bounded (no loss of precision).
    private static readonly double[] H = [1 + Math.Exp(0.3), 0.5, 0.2, 1.5, 0.9, 0.3];

    private static IAnalysisStage Stage(string json)
    {
        var errors = new ConfigErrors();
        using var doc = JsonDocument.Parse(json);
        var stage = new LyapunovStageFactory().Create(doc.RootElement.Clone(), "$.stages.lyapunov", errors);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Errors));
        return stage!;
    }

    private static CollectingOutput RunOne(IAnalysisStage stage, int steps = 200, int members = 5, double eps = 1e-8, int index = 0, int stepsPerBatch = 7, Func<int, int, bool>? include = null, long[]? divergedStep = null)
    {
        var model = QuadraticModel.Diagonal(H);
        var run = StageHarness.Run(index, model, 1.0, eps, members, steps);
        var w = StageHarness.Train(run, model, [0, 1, 1, 1, 1, 1], seed: 9 + index);
        var output = new CollectingOutput(stage.Tables);
        StageHarness.Feed(stage.Start(StageContext.ForDirectory(".")).StartRun(run, new RunContext(StageHarness.TinyDataset, model, ".")), run, w, output, stepsPerBatch, include: include, divergedStep: divergedStep);
        return output;
    }

    [Fact]
    public void Stage_Defaults_DeclaresCoreTablesAndNeedsOnlyMemberDistances()
    {
        var stage = Stage("{}");
        Assert.Equal("lyapunov", stage.Name);
        Assert.Equal(0, stage.SnapshotInterval); // the twin-trajectory estimator needs only the distances
        Assert.True(stage.UsesMemberDistances);
        Assert.Equal(1, Stage("""{ "benettin": { "enabled": true } }""").SnapshotInterval);
        Assert.Equal(1, Stage("""{ "sharpness": { "enabled": true } }""").SnapshotInterval);
        Assert.Equal(1, Stage("""{ "loss": { "enabled": true } }""").SnapshotInterval);
        Assert.Equal(
            ["lyapunov/distances", "lyapunov/exponents", "lyapunov/summary", "lyapunov/benettin", "lyapunov/spectrum", "lyapunov/sharpness", "lyapunov/post_learning", "lyapunov/loss_kantz", "lyapunov/loss_acf", "lyapunov/loss_plateaus"],
            stage.Tables.Select(t => t.Name));
        Assert.All(stage.Tables, t => Assert.Equal($"{t.Name}/1", t.Schema.Metadata["netorbit.schema"]));
    }

    [Fact]
    public void Stage_QuadraticEnsemble_PaperLambdaIs0p3Within1e6_AndKept()
    {
        var output = RunOne(Stage("{}"));
        Assert.Equal(4 * 21, output.Rows("lyapunov/distances")); // rows every 10 steps by default; the fit uses all
        Assert.Equal(1, output.Rows("lyapunov/exponents"));
        Assert.Equal(0.3, output.Doubles("lyapunov/exponents", "lambda")[0], 1e-6);
        Assert.True(output.Bools("lyapunov/exponents", "kept")[0]);
        Assert.Equal("ok", output.Strings("lyapunov/exponents", "status")[0]);
        Assert.Equal(0.3, output.Doubles("lyapunov/exponents", "lambda_eq4")[0], 0.02); // early mixture of modes biases Eq. 4 slightly
    }

    [Fact]
    public void Stage_DistancesAreL1ByDefaultAndL2OnRequest()
    {
        var l1 = RunOne(Stage("""{"record_every":1}"""), steps: 10).Doubles("lyapunov/distances", "distance");
        var l2 = RunOne(Stage("""{"norm":"l2","record_every":1}"""), steps: 10).Doubles("lyapunov/distances", "distance");
        Assert.Equal(4 * 11, l1.Length);
        Assert.Equal(l1.Length, l2.Length);
        Assert.All(l1.Zip(l2), p => Assert.True(p.First >= p.Second && p.Second > 0));
    }

    [Fact]
    public void Stage_RecordEvery_ThinsDistanceRowsOnly()
    {
        var every = RunOne(Stage("""{"record_every": 1}"""));
        Assert.Equal(4 * 201, every.Rows("lyapunov/distances"));
        var output = RunOne(Stage("""{"record_every": 25}"""));
        Assert.Equal(4 * 9, output.Rows("lyapunov/distances"));
        Assert.All(output.Longs("lyapunov/distances", "step"), s => Assert.Equal(0, s % 25));
        Assert.Equal(every.Doubles("lyapunov/exponents", "lambda"), output.Doubles("lyapunov/exponents", "lambda"));
        Assert.Equal(0.3, output.Doubles("lyapunov/exponents", "lambda")[0], 1e-6);
    }

    [Fact]
    public void Stage_SameInputs_IdenticalBytesWhateverTheBatchSize()
    {
        var a = RunOne(Stage("""{"benettin":{"enabled":true},"spectrum":{"enabled":true,"exponents":3},"sharpness":{"enabled":true}}"""), stepsPerBatch: 7);
        var b = RunOne(Stage("""{"benettin":{"enabled":true},"spectrum":{"enabled":true,"exponents":3},"sharpness":{"enabled":true}}"""), stepsPerBatch: 7);
        Assert.Equal(a.Bytes(), b.Bytes());
        var c = RunOne(Stage("""{"benettin":{"enabled":true},"spectrum":{"enabled":true,"exponents":3},"sharpness":{"enabled":true}}"""), stepsPerBatch: 64);
        foreach (var table in a.Batches.Keys)
        {
            Assert.Equal(a.Rows(table), c.Rows(table));
        }

        Assert.Equal(a.Doubles("lyapunov/distances", "distance"), c.Doubles("lyapunov/distances", "distance"));
        Assert.Equal(a.Doubles("lyapunov/spectrum", "exponent"), c.Doubles("lyapunov/spectrum", "exponent"));
    }

    [Fact]
    public void Stage_Spectrum_QuadraticGdIsLnAbsOneMinusEtaH_Within0p03()
    {
        var output = RunOne(Stage("""{"spectrum":{"enabled":true,"exponents":99,"record_every":50}}"""), steps: 400, members: 1);
        var expected = H.Select(h => Math.Log(Math.Abs(1 - h))).OrderDescending().ToArray();
        var steps = output.Longs("lyapunov/spectrum", "step");
        var last = steps.Max();
        Assert.Equal(400, last);
        Assert.Equal(8 * 6, steps.Length); // k capped at P = 6, rows every 50 steps
        var final = output.Doubles("lyapunov/spectrum", "exponent").Skip(7 * 6).ToArray();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(expected[i], final[i], 0.03);
        }

        Assert.Equal(0, output.Rows("lyapunov/exponents")); // a single member has no twin estimate
    }

    [Fact]
    public void Stage_Benettin_QuadraticGdConvergesTo0p3Within0p02()
    {
        var output = RunOne(Stage("""{"benettin":{"enabled":true,"renormalize_every":5}}"""), steps: 400, members: 1);
        Assert.Equal(80, output.Rows("lyapunov/benettin"));
        Assert.Equal(0.3, output.Doubles("lyapunov/benettin", "lambda")[^1], 0.02);
    }

    [Fact]
    public void Stage_Sharpness_IsMaxHWithin1e9_RatioIsSharpnessTimesEtaOver2()
    {
        var output = RunOne(Stage("""{"sharpness":{"enabled":true,"every":50,"iterations":6}}"""), steps: 200, members: 1);
        Assert.Equal([0L, 50, 100, 150, 200], output.Longs("lyapunov/sharpness", "step"));
        Assert.All(output.Doubles("lyapunov/sharpness", "sharpness"), s => Assert.Equal(H.Max(), s, 1e-9));
        Assert.All(output.Doubles("lyapunov/sharpness", "edge_ratio"), r => Assert.Equal(H.Max() / 2, r, 1e-9));
    }

    [Fact]
    public void Stage_PostLearning_PerturbsWeightsAtT0AndFollowsDistances()
    {
        var output = RunOne(Stage("""{"post_learning":{"enabled":true,"start_step":100,"steps":50,"members":3,"epsilon":1e-6}}"""), steps: 200, members: 1);
        Assert.Equal(3 * 51, output.Rows("lyapunov/post_learning"));
        var steps = output.Longs("lyapunov/post_learning", "step");
        Assert.Equal(100, steps.Min());
        Assert.Equal(150, steps.Max());
        var d = output.Doubles("lyapunov/post_learning", "distance");
        Assert.All(d.Take(3), x => Assert.InRange(x, 1e-9, 5 * 1e-6)); // only the 5 connection weights are perturbed
        var growth = Enumerable.Range(0, 3).Max(j => d[^(3 - j)] / d[j]);
        Assert.InRange(growth, Math.Exp(0.3 * 50) / 50, Math.Exp(0.3 * 50) * 1.01); // the unstable mode grows like e^(0.3 s)
    }

    [Fact]
    public void Complete_Summary_OneRowPerGroupOrderedByFirstRunIndex()
    {
        var stage = Stage("{}");
        var model = QuadraticModel.Diagonal(H);
        var all = new CollectingOutput(stage.Tables);
        var experiment = stage.Start(StageContext.ForDirectory("."));
        var runs = new List<NetOrbit.Contracts.RunInfo>();
        // Runs 0 and 2 share eps = 1e-8; run 1 has eps = 1e-6; fed out of order (2, 1, 0).
        foreach (var (index, eps) in new[] { (2, 1e-8), (1, 1e-6), (0, 1e-8) })
        {
            var run = StageHarness.Run(index, model, 1.0, eps, 4, 200);
            runs.Add(run);
            var w = StageHarness.Train(run, model, [0, 1, 1, 1, 1, 1], seed: index);
            StageHarness.Feed(experiment.StartRun(run, new RunContext(StageHarness.TinyDataset, model, ".")), run, w, all);
        }

        experiment.Complete(all);
        all.Summarize(stage, runs);
        Assert.Equal([1e-8, 1e-6], all.Doubles("lyapunov/summary", "epsilon"));
        Assert.Equal([2, 1], all.Ints("lyapunov/summary", "runs"));
        Assert.Equal([2, 1], all.Ints("lyapunov/summary", "kept"));
        Assert.Equal(0.3, all.Doubles("lyapunov/summary", "nmle_mean")[0], 1e-6);
        Assert.True(double.IsNaN(all.Doubles("lyapunov/summary", "nmle_std")[1])); // one kept run: no std
        Assert.Equal(0.3, all.Doubles("lyapunov/summary", "lambda_q50")[0], 1e-6);
    }

    [Fact]
    public void Stage_CopyDivergesInsideFitRange_StatusDivergedNotKept()
    {
        var output = RunOne(Stage("""{"record_every": 1}"""), include: (member, step) => member != 2 || step < 50, divergedStep: [-1, -1, 50, -1, -1]);
        Assert.Equal("diverged", output.Strings("lyapunov/exponents", "status")[0]);
        Assert.False(output.Bools("lyapunov/exponents", "kept")[0]);
        Assert.Equal(4 * 201 - 151, output.Rows("lyapunov/distances"));
    }

    [Fact]
    public void Stage_SnapshotsEvery10Steps_FitsTheSparseCurveAndStopsStepTrackers()
    {
        var output = RunOne(
            Stage("""{"benettin":{"enabled":true},"spectrum":{"enabled":true},"sharpness":{"enabled":true,"every":50}}"""),
            members: 5,
            include: (member, step) => step % 10 == 0);
        Assert.Equal(4 * 21, output.Rows("lyapunov/distances"));
        Assert.Equal("ok", output.Strings("lyapunov/exponents", "status")[0]);
        Assert.Equal(0.3, output.Doubles("lyapunov/exponents", "lambda")[0], 1e-6);
        Assert.Equal(0, output.Rows("lyapunov/benettin"));
        Assert.Equal(0, output.Rows("lyapunov/spectrum"));
        Assert.Equal(5, output.Rows("lyapunov/sharpness")); // steps 0, 50, ..., 200 are present
    }

    [Fact]
    public void Stage_LossAnalyses_TentLossSeriesGivesLn2Within0p1AndAcfRows()
    {
        var tent = SeriesEstimatorTests.Logistic(5001).Select(TentMap.FromLogistic).ToArray();
        var stage = Stage("""{"loss":{"enabled":true,"tolerance":1e-3,"references":500,"max_lag":20,"shuffles":100}}""");
        var model = QuadraticModel.Diagonal(H);
        var run = StageHarness.Run(0, model, 1.0, 0, 1, 5000);
        var w = StageHarness.Train(run, model, [0, 1, 1, 1, 1, 1], seed: 1);
        var output = new CollectingOutput(stage.Tables);
        StageHarness.Feed(stage.Start(StageContext.ForDirectory(".")).StartRun(run, new RunContext(StageHarness.TinyDataset, model, ".")), run, w, output, 64, loss: t => tent[t]);
        Assert.Equal("ok", output.Strings("lyapunov/loss_kantz", "status")[0]);
        Assert.Equal(5001, output.Ints("lyapunov/loss_kantz", "points")[0]);
        Assert.Equal(Math.Log(2), output.Doubles("lyapunov/loss_kantz", "lambda")[0], 0.1);
        Assert.True(output.Bools("lyapunov/loss_kantz", "significant")[0]);
        Assert.Equal(21, output.Rows("lyapunov/loss_acf"));
        Assert.Equal(1, output.Doubles("lyapunov/loss_acf", "acf")[0], 1e-12);
        // The tent map's orbit is chaotic: no period-3 plateau.
        Assert.Equal(1, output.Rows("lyapunov/loss_plateaus"));
        Assert.Equal(0, output.Ints("lyapunov/loss_plateaus", "plateaus")[0]);
        Assert.Equal(3, output.Ints("lyapunov/loss_plateaus", "period")[0]);
    }

    [Fact]
    public void Stage_LossAnalysesOnShortRun_TooShortStatusNoAcfRows()
    {
        var output = RunOne(Stage("""{"loss":{"enabled":true}}"""), steps: 20, members: 1);
        Assert.Equal("too_short", output.Strings("lyapunov/loss_kantz", "status")[0]);
        Assert.Equal(0, output.Rows("lyapunov/loss_acf"));
    }

    [Fact]
    public void Stage_ZeroEpsilon_NoWindowStatusNotKept()
    {
        var output = RunOne(Stage("{}"), eps: 0);
        Assert.Equal("no_window", output.Strings("lyapunov/exponents", "status")[0]);
        Assert.False(output.Bools("lyapunov/exponents", "kept")[0]);
        Assert.True(double.IsNaN(output.Doubles("lyapunov/exponents", "lambda")[0]));
    }

    [Fact]
    public void Stage_OptInEstimatorsDisabled_TheirTablesStayEmpty()
    {
        var output = RunOne(Stage("{}"));
        Assert.Equal(0, output.Rows("lyapunov/benettin") + output.Rows("lyapunov/spectrum") + output.Rows("lyapunov/sharpness") + output.Rows("lyapunov/post_learning") + output.Rows("lyapunov/loss_kantz") + output.Rows("lyapunov/loss_acf") + output.Rows("lyapunov/loss_plateaus"));
    }
}
