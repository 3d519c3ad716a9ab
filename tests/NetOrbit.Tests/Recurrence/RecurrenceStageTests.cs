using System.Text.Json;
using NetOrbit.Cli.Commands;
using NetOrbit.Pipeline;
using NetOrbit.Config;
using NetOrbit.Recurrence;
using NetOrbit.Tests.Support;
using Xunit;

namespace NetOrbit.Tests.Recurrence;

public sealed class RecurrenceStageTests
{
    private const string Experiment = """
        {
          "name": "rqa",
          "datasets": [ { "name": "iris", "source": "iris" } ],
          "learning_rates": [0.5],
          "initial_conditions": { "count": 1 },
          "perturbations": { "copies": 1, "epsilons": [1e-6] },
          "steps": 300,
          "recording": { "mode": "snapshots", "members": "all" },
          "stages": { "recurrence": { "members": "all", "every": 2, "metric": "euclidean", "recurrence_rate": 0.1, "theiler": 2, "window": 60, "step": 40 } }
        }
        """;

    [Fact]
    public async Task Stage_InRun_MatchesOfflineAnalysisOfTheRecordedTrajectory()
    {
        using var tmp = new TempDir();
        var plan = ExperimentPlan.Create(Experiment, "rqa.json", ".", BuiltInStages.CreateCatalog());
        await ExperimentRunner.RunAsync(plan, tmp.File("run"), 2, new RunProgress(0, 0), default);

        string rqaPath = Path.Combine(tmp.File("run"), "recurrence", "rqa.arrow");
        string windowedPath = Path.Combine(tmp.File("run"), "recurrence", "windowed.arrow");
        var members = ArrowRead.Longs(rqaPath, "member");
        Assert.Equal([0L, 1L], members);
        Assert.Equal(["ok", "ok"], ArrowRead.Strings(rqaPath, "status"));
        Assert.Equal(151L, ArrowRead.Longs(rqaPath, "window_length")[0]);

        // Offline: the recorded weights of member 1 at every second step.
        string trajectory = Directory.GetFiles(Path.Combine(tmp.File("run"), "trajectories"), "*.arrow").Single();
        var member = ArrowRead.Longs(trajectory, "member");
        var step = ArrowRead.Longs(trajectory, "step");
        var weights = ArrowRead.Vectors(trajectory, "weights");
        var states = Enumerable.Range(0, member.Count).Where(i => member[i] == 1 && step[i] % 2 == 0).SelectMany(i => weights[i]).ToArray();
        int p = weights[0].Length;
        var options = new RqaOptions { Metric = DistanceMetric.Euclidean, Threshold = RecurrenceThreshold.RecurrenceRate(0.1), TheilerWindow = 2 };
        var expected = RecurrenceQuantifier.Compute(states, p, options);

        Assert.Equal(expected.Epsilon, ArrowRead.Doubles(rqaPath, "threshold")[1]);
        Assert.Equal(expected.DET, ArrowRead.Doubles(rqaPath, "det")[1]);
        Assert.Equal(expected.MRT, ArrowRead.Doubles(rqaPath, "mrt")[1]);
        Assert.Equal(expected.RecurrenceCount, ArrowRead.Longs(rqaPath, "recurrence_count")[1]);

        // Windows of 60 snapshots every 40: starts at snapshots 0, 40, 80 for each member (151 snapshots).
        Assert.Equal([0L, 0L, 0L, 1L, 1L, 1L], ArrowRead.Longs(windowedPath, "member"));
        Assert.Equal([0L, 80L, 160L, 0L, 80L, 160L], ArrowRead.Longs(windowedPath, "window_start"));
        var windows = WindowedRqa.Compute(states, p, options, 60, 40);
        Assert.Equal(windows[2].Result.LAM, ArrowRead.Doubles(windowedPath, "lam")[5]);
    }

    [Fact]
    public void Factory_BadOptions_ReportEveryPathOnce()
    {
        using var doc = JsonDocument.Parse("""{ "metric": "cosine", "threshold": 1, "recurrence_rate": 0.1, "window": 1, "colour": 3 }""");
        var errors = new ConfigErrors();
        Assert.Null(new RecurrenceStageFactory().Create(doc.RootElement, "$.stages.recurrence", errors));
        var paths = errors.Errors.Select(e => e.Path).ToList();
        Assert.Contains("$.stages.recurrence.metric", paths);
        Assert.Contains("$.stages.recurrence.recurrence_rate", paths);
        Assert.Contains("$.stages.recurrence.window", paths);
        Assert.Contains("$.stages.recurrence.colour", paths);
    }
}
