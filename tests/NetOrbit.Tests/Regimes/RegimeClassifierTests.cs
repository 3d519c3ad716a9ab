using Apache.Arrow;
using Apache.Arrow.Ipc;
using NetOrbit.Cli;
using NetOrbit.Cli.Commands;
using NetOrbit.Pipeline;
using NetOrbit.Regimes;
using NetOrbit.Tests.Support;
using Xunit.Abstractions;

namespace NetOrbit.Tests.Regimes;

/// <summary>A small Iris sweep (log grid of eta from 0.01 to 10 plus a divergent eta, 3 initial conditions x 3 copies, 600 steps) labelled once and shared.</summary>
public sealed class IrisSweep : IDisposable
{
    private readonly TempDir _dir = new();

    public IrisSweep()
    {
        RunDirectory = _dir.File("train");
        ExperimentBuilder.FromJson(Sweep("iris-train", 0)).Build()
            .RunAsync(RunDirectory, new ExperimentRunOptions { Threads = 2 }).GetAwaiter().GetResult();
    }

    public string RunDirectory { get; }

    public static string Sweep(string name, long seed, string learningRates = "[0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 1e306]", string stages = """{ "regimes": { "model": "none" } }""") => $$"""
        { "name": "{{name}}", "datasets": [ { "name": "iris", "source": "iris" } ],
          "learning_rates": {{learningRates}}, "initial_conditions": { "count": 3 },
          "initialization": { "seed": {{seed}} },
          "perturbations": { "copies": 3, "epsilons": [1e-8] }, "steps": 600,
          "recording": { "mode": "summaries" }, "stages": {{stages}} }
        """;

    public void Dispose() => _dir.Dispose();
}

public sealed class RegimeClassifierTests(IrisSweep sweep, ITestOutputHelper log) : IClassFixture<IrisSweep>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Train_Twice_SameEvaluationAndBeatsMajorityBaseline()
    {
        var examples = RegimeExamples.Read([sweep.RunDirectory]);
        var first = RegimeTrainer.Train(examples, seed: 3);
        var second = RegimeTrainer.Train(RegimeExamples.Read([sweep.RunDirectory]), seed: 3);
        log.WriteLine(first.EvaluationJson());

        Assert.Equal(first.EvaluationJson(), second.EvaluationJson());
        var e = first.Evaluation;
        Assert.Equal(33, (int)e["runs"]!);
        Assert.Equal(3, (int)e["folds"]!);
        Assert.Contains((string)e["chosen"]!, RegimeTrainer.Trainers);
        var chosen = (double)e["trainers"]![(string)e["chosen"]!]!["macro_f1_mean"]!;
        Assert.True(chosen > (double)e["baselines"]!["majority_class"]!["macro_f1_mean"]!);
        Assert.Equal(RegimeFeatures.Names.Count, e["permutation_importance"]!.AsArray().Count);
        Assert.Null(e["leave_one_dataset_out"]);
    }

    [Fact]
    public void Count_EqualsTheFeatureNames()
    {
        // RegimeFeatures.Count is a constant for ML.NET's VectorType attribute; the names come from the features table.
        Assert.Equal(RegimeFeatures.Count, RegimeFeatures.Names.Count);
    }

    [Fact]
    public void MacroF1_KnownCases()
    {
        Assert.Equal(1.0, RegimeTrainer.MacroF1(["a", "b"], ["a", "b"]));
        // a: TP 1, FP 1 -> F1 2/3; b: TP 0, FN 1 -> 0.
        Assert.Equal(1.0 / 3, RegimeTrainer.MacroF1(["a", "b"], ["a", "a"]), 12);
    }

    [Fact]
    public void Transform_NonFinite_ZeroForNaNAndBoundedForInfinity()
    {
        Assert.Equal(0f, RegimeFeatures.Transform(double.NaN));
        Assert.Equal((float)Math.Log(double.MaxValue), RegimeFeatures.Transform(double.PositiveInfinity));
        Assert.Equal(-(float)Math.Log(2), RegimeFeatures.Transform(-1));
    }

    [Fact]
    public async Task TrainCommand_ThenPredictFreshSeed_PaperCasesAndOfflineAgrees()
    {
        var model = _dir.File("model.zip");
        var evaluation = _dir.File("evaluation.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.BuildRoot(stdout, stderr).Parse(["regimes", "train", sweep.RunDirectory, "--out", model, "--evaluation", evaluation, "--seed", "1"]).InvokeAsync();
        log.WriteLine(stdout.ToString() + stderr);
        Assert.Equal(0, code);
        Assert.True(File.Exists(model));
        Assert.False(File.Exists(model + ".tmp"));
        Assert.Contains("\"chosen\"", File.ReadAllText(evaluation));

        var run = _dir.File("fresh");
        var result = await ExperimentBuilder.FromJson(IrisSweep.Sweep("iris-fresh", 12345, "[0.01, 1, 5, 1e306]", $$"""{ "regimes": { "model": {{System.Text.Json.JsonSerializer.Serialize(model)}} } }"""))
            .Configure(c => c["recording"] = new System.Text.Json.Nodes.JsonObject { ["every"] = 1 }).Build()
            .RunAsync(run, new ExperimentRunOptions { Threads = 2 });
        var predictions = ArrowRead.Rows(result.TablePath("regimes/predictions"));
        var rule = ArrowRead.Rows(result.TablePath("regimes/labels")).ToDictionary(r => (string)r["run_id"]!, r => (string)r["regime"]!);
        var eta = ArrowRead.Rows(result.TablePath("regimes/features")).ToDictionary(r => (string)r["run_id"]!, r => (double)r["eta"]!);
        Assert.Equal(12, predictions.Count);
        var expected = new Dictionary<double, string> { [0.01] = "regular", [1] = "edge_of_stability", [5] = "chaotic", [1e306] = "divergent" };
        var hits = 0;
        foreach (var p in predictions)
        {
            var e = eta[(string)p["run_id"]!];
            log.WriteLine($"eta {e}: {p["regime"]} p = {p["p_regular"]:F3} {p["p_edge_of_stability"]:F3} {p["p_chaotic"]:F3} {p["p_divergent"]:F3} (rule: {rule[(string)p["run_id"]!]})");
            Assert.Equal(0, p["member"]);
            Assert.Equal(1.0, (double)p["p_regular"]! + (double)p["p_edge_of_stability"]! + (double)p["p_chaotic"]! + (double)p["p_divergent"]!, 3);
            hits += (string)p["regime"]! == expected[e] ? 1 : 0;
        }

        log.WriteLine($"{hits}/12 as the paper's cases");
        Assert.All(predictions.Where(p => eta[(string)p["run_id"]!] is 0.01 or 1e306), p => Assert.Equal(expected[eta[(string)p["run_id"]!]], p["regime"]));
        Assert.True(hits >= 9, $"{hits}/12 predictions match the paper's cases");

        // Offline through analyze --model: the same predictions.
        var offline = _dir.File("offline");
        Assert.Equal(0, await AnalyzeCommand.ExecuteAsync([run], ["regimes"], null, offline, 2, [], TextWriter.Null, stderr, default, model));
        Assert.Equal(predictions, ArrowRead.Rows(Path.Combine(offline, "regimes", "predictions.arrow")));
    }

    [Fact]
    public async Task TrainCommand_ConfigurationFile_RunsItIntoWorkThenTrains()
    {
        var config = _dir.File("small.json");
        File.WriteAllText(config, IrisSweep.Sweep("iris-small", 5, "[0.01, 5, 1e306]", "{}"));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.BuildRoot(stdout, stderr).Parse(["regimes", "train", config, "--work", _dir.File("work"), "--out", _dir.File("small.zip"), "--threads", "2"]).InvokeAsync();
        log.WriteLine(stdout.ToString() + stderr);

        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(_dir.File("work"), "iris-small", "regimes", "labels.arrow")));
        Assert.True(File.Exists(_dir.File("small.zip")));
    }

    [Fact]
    public async Task Stage_ModelNone_PredictionsAndTimelineEmpty()
    {
        var result = await ExperimentBuilder.FromJson(IrisSweep.Sweep("iris-none", 1, "[0.01]", """{ "regimes": { "model": "none", "timeline_window": 500 } }""")).Build()
            .RunAsync(_dir.File("none"), new ExperimentRunOptions { Threads = 2 });
        Assert.Empty(ArrowRead.Rows(result.TablePath("regimes/predictions")));
        Assert.Empty(ArrowRead.Rows(result.TablePath("regimes/timeline")));
    }

    [Fact]
    public async Task Stage_BuiltInModelByDefault_PredictsEveryRunAndTimelinesWindows()
    {
        // 1100 steps: windows of 500 steps every 250 start at 0, 250, 500 (the one at 750 never closes).
        var json = IrisSweep.Sweep("iris-builtin", 5, "[0.01, 5]", """{ "regimes": { "timeline_window": 500 } }""").Replace("\"steps\": 600", "\"steps\": 1100");
        var result = await ExperimentBuilder.FromJson(json).Build().RunAsync(_dir.File("builtin"), new ExperimentRunOptions { Threads = 2 });

        var predictions = ArrowRead.Rows(result.TablePath("regimes/predictions"));
        Assert.Equal(6, predictions.Count);
        Assert.All(predictions, p => Assert.Contains((string)p["regime"]!, RegimeFeatures.Classes));
        Assert.All(predictions, p => Assert.Equal(1.0, RegimeFeatures.Classes.Sum(c => (double)p["p_" + c]!), 5));
        var timeline = ArrowRead.Rows(result.TablePath("regimes/timeline"));
        Assert.Equal(6 * 3, timeline.Count);
        Assert.Equal(new long[] { 0, 250, 500 }, timeline.Take(3).Select(r => (long)r["step_start"]!));
        Assert.Equal(new long[] { 500, 750, 1000 }, timeline.Take(3).Select(r => (long)r["step_end"]!));
        // eta = 0.01 is regular from start to end.
        Assert.All(timeline.Where(r => ((string)r["run_id"]!).Contains("eta0.01", StringComparison.Ordinal)), r => Assert.Equal("regular", (string)r["regime"]!));
    }

    [Fact]
    public async Task TrainCommand_BadInput_OneLineExit2()
    {
        // A run without copies has features but no labels.
        var noCopies = _dir.File("nocopies");
        await ExperimentBuilder.FromJson(IrisSweep.Sweep("iris-nocopies", 1, "[0.01]").Replace("\"copies\": 3, \"epsilons\": [1e-8]", "\"copies\": 0, \"epsilons\": []")).Build()
            .RunAsync(noCopies, new ExperimentRunOptions { Threads = 2 });
        // One regime only.
        var oneClass = _dir.File("oneclass");
        await ExperimentBuilder.FromJson(IrisSweep.Sweep("iris-one", 1, "[0.01, 0.02]")).Build()
            .RunAsync(oneClass, new ExperimentRunOptions { Threads = 2 });

        foreach (var (dir, expected) in new[] { (noCopies, "labels.arrow"), (_dir.File("missing"), "not a directory"), (oneClass, "at least 2 regimes") })
        {
            var stderr = new StringWriter();
            var code = await Program.BuildRoot(TextWriter.Null, stderr).Parse(["regimes", "train", dir, "--out", _dir.File("m.zip")]).InvokeAsync();
            log.WriteLine(stderr.ToString());
            Assert.Equal(2, code);
            Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
            Assert.Contains(expected, stderr.ToString());
            Assert.False(File.Exists(_dir.File("m.zip")));
        }
    }
}
