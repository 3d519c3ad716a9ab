using NetOrbit.Cli.Commands;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Cli;

public sealed class PluginAndAnalyzeTests
{
    private const string WithPlugin = """
        {
          "name": "p",
          "datasets": [ { "name": "iris", "source": "iris" } ],
          "learning_rates": [0.5],
          "initial_conditions": { "count": 2 },
          "perturbations": { "copies": 1, "epsilons": [1e-8] },
          "steps": 400,
          "stages": { "loss-milestones": { "accuracy": 0.6 } }
        }
        """;

    [Fact]
    public async Task Run_WithSamplePlugin_WritesItsTable()
    {
        using var tmp = new TempDir();
        var dir = tmp.File("run");
        var (code, _, err) = await RunCommandTests.Run(WithPlugin, dir, plugins: [RepoPaths.SamplePlugin()]);
        Assert.True(code == 0, err);
        var table = Path.Combine(dir, "loss-milestones", "members.arrow");
        Assert.Equal(["iris_eta0.5_ic000_eps1e-08", "iris_eta0.5_ic000_eps1e-08", "iris_eta0.5_ic001_eps1e-08", "iris_eta0.5_ic001_eps1e-08"], ArrowRead.Strings(table, "run_id"));

        // Cross-check against the recorded trajectory of the first run's reference.
        var traj = Path.Combine(dir, "trajectories", "part-0000000.arrow");
        var member = ArrowRead.Longs(traj, "member");
        var loss = ArrowRead.Doubles(traj, "loss");
        var minLoss = Enumerable.Range(0, loss.Count).Where(i => member[i] == 0).Min(i => loss[i]);
        Assert.Equal(minLoss, ArrowRead.Doubles(table, "min_loss")[0]);
    }

    [Fact]
    public async Task Run_PluginOptionsInvalid_ExitsTwoNamingThePath()
    {
        using var tmp = new TempDir();
        var (code, _, err) = await RunCommandTests.Run(WithPlugin.Replace("\"accuracy\": 0.6", "\"accuracy\": 7"), tmp.File("run"), plugins: [RepoPaths.SamplePlugin()]);
        Assert.Equal(2, code);
        Assert.Contains("$.stages.loss-milestones.accuracy", err);
    }

    [Fact]
    public async Task Run_PluginFileMissing_ExitsTwo()
    {
        using var tmp = new TempDir();
        var (code, _, err) = await RunCommandTests.Run(WithPlugin, tmp.File("run"), plugins: [tmp.File("nope.dll")]);
        Assert.Equal(2, code);
        Assert.Contains("nope.dll: file not found", err);
    }

    [Fact]
    public async Task Analyze_RunDirectoryAndLooseFile_GiveTheSameRows()
    {
        using var tmp = new TempDir();
        var dir = tmp.File("run");
        var json = WithPlugin.Replace("\"stages\": { \"loss-milestones\": { \"accuracy\": 0.6 } }", "\"stages\": { }");
        var (code, _, err) = await RunCommandTests.Run(json, dir);
        Assert.True(code == 0, err);

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, await AnalyzeCommand.ExecuteAsync([dir], ["loss-milestones"], null, null, 2, [RepoPaths.SamplePlugin()], stdout, stderr, default));
        var fromRun = ArrowRead.Doubles(Path.Combine(dir, "loss-milestones", "members.arrow"), "min_loss");
        Assert.Equal(4, fromRun.Count);

        var loose = Path.Combine(dir, "trajectories", "part-0000001.arrow");
        Assert.Equal(0, await AnalyzeCommand.ExecuteAsync([loose], ["loss-milestones"], null, tmp.File("out"), 1, [RepoPaths.SamplePlugin()], stdout, stderr, default));
        Assert.Equal(fromRun.Skip(2), ArrowRead.Doubles(tmp.File("out/loss-milestones/members.arrow"), "min_loss"));
    }

    [Fact]
    public async Task Analyze_NotATrajectory_ExitsTwoNamingTheFile()
    {
        using var tmp = new TempDir();
        var bad = tmp.File("bad.arrow");
        await File.WriteAllTextAsync(bad, "not arrow");
        var stderr = new StringWriter();
        Assert.Equal(2, await AnalyzeCommand.ExecuteAsync([bad], ["loss-milestones"], null, tmp.File("out"), 1, [RepoPaths.SamplePlugin()], TextWriter.Null, stderr, default));
        Assert.StartsWith($"error: {bad}: not an Arrow IPC file", stderr.ToString());
    }
}
