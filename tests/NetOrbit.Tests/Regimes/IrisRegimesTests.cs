using Apache.Arrow;
using Apache.Arrow.Ipc;
using NetOrbit.Pipeline;
using NetOrbit.Tests.Support;
using Xunit.Abstractions;

namespace NetOrbit.Tests.Regimes;

/// <summary>
/// The paper's Iris cases through the public API with the stage's default options: 4-10-3
/// sigmoid/softmax, 2 initial conditions x 4 copies at eps = 1e-8, full-batch GD.
/// </summary>
public sealed class IrisRegimesTests(ITestOutputHelper log) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // eta = 1e306, not 1e6: the sigmoids saturate, so the gradient stays bounded and at eta = 1e6 the
    // loss grows to ~1e6 but stays finite (labelled chaotic); only near 1e306 do the weights overflow.
    private const string Json = """
        { "name": "regimes", "datasets": [ { "name": "iris", "source": "iris" } ],
          "learning_rates": [0.01, 1, 5, 1e306], "initial_conditions": { "count": 2 },
          "perturbations": { "copies": 4, "epsilons": [1e-8] }, "steps": 1000,
          "recording": { "mode": "summaries" } }
        """;

    private static readonly Dictionary<double, string> Expected = new()
    {
        [0.01] = "regular", [1] = "edge_of_stability", [5] = "chaotic", [1e306] = "divergent",
    };

    [Fact]
    public async Task Iris_PaperLearningRates_LabelledRegularEdgeChaoticDivergent()
    {
        var result = await ExperimentBuilder.FromJson(Json).AddStage("regimes").Build()
            .RunAsync(_dir.File("run"), new ExperimentRunOptions { Threads = 2 });

        var labels = ArrowRead.Rows(result.TablePath("regimes/labels"));
        var features = ArrowRead.Rows(result.TablePath("regimes/features"));
        for (var i = 0; i < labels.Count; i++)
        {
            log.WriteLine(string.Join(" ", labels[i].Select(kv => $"{kv.Key}={kv.Value}")));
            log.WriteLine("   " + string.Join(" ", features[i].Select(kv => $"{kv.Key}={kv.Value}")));
        }

        Assert.Equal(8, labels.Count);
        Assert.Equal(8, features.Count);
        foreach (var row in labels)
        {
            Assert.Equal(Expected[(double)row["eta"]!], row["regime"]);
        }

        Assert.All(features, f => Assert.Equal((double)f["eta"]! == 1e306, f["non_finite"]));
    }

    [Fact]
    public async Task Analyze_RecordedEvery10_SameFeaturesAsInStreamAndSameRegimes()
    {
        var run = _dir.File("run");
        var result = await ExperimentBuilder.FromJson(Json)
            .Configure(c => c["recording"] = new System.Text.Json.Nodes.JsonObject { ["every"] = 10 })
            .AddStage("regimes", """{ "every": 10 }""").Build()
            .RunAsync(run, new ExperimentRunOptions { Threads = 2 });

        var offline = _dir.File("offline");
        await TrajectoryAnalysis.Open([run]).RunAsync([new NetOrbit.Regimes.RegimesStageFactory().Create(new NetOrbit.Regimes.RegimesOptions { Every = 10 })], offline, 2);

        var streamFeatures = ArrowRead.Rows(result.TablePath("regimes/features"));
        var offlineFeatures = ArrowRead.Rows(Path.Combine(offline, "regimes", "features.arrow"));
        Assert.Equal(streamFeatures.Count, offlineFeatures.Count);
        foreach (var row in streamFeatures)
        {
            Assert.Equal((double)row["eta"]! == 1e306 ? 1 : 101, row["snapshots"]);
            Assert.Equal(row, offlineFeatures.Single(o => (string)o["run_id"]! == (string)row["run_id"]!));
        }

        // Offline the window fit sees m(t) every 10 steps only, so lambda moves; the regimes do not.
        foreach (var row in ArrowRead.Rows(Path.Combine(offline, "regimes", "labels.arrow")))
        {
            Assert.Equal(Expected[(double)row["eta"]!], row["regime"]);
        }
    }
}
