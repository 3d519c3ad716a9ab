using NetOrbit.Cli.Commands;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Cli;

public sealed class RunCommandTests
{
    internal const string Quick = """
        {
          "name": "t",
          "datasets": [ { "name": "iris", "source": "iris" } ],
          "learning_rates": [0.01, 1],
          "initial_conditions": { "count": 2 },
          "perturbations": { "copies": 2, "epsilons": [1e-6] },
          "steps": 150,
          "evaluation": { "every": 25 },
          "recording": { "every": 1 }
        }
        """;

    internal static async Task<(int Code, string Out, string Err)> Run(string json, string outDir, int threads = 1, string[]? plugins = null, CancellationToken ct = default)
    {
        var config = Path.Combine(Path.GetDirectoryName(outDir)!, Path.GetFileName(outDir) + ".json");
        await File.WriteAllTextAsync(config, json, ct);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await RunCommand.ExecuteAsync(config, outDir, threads, quiet: true, plugins ?? [], stdout, stderr, ct);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Run_QuickConfig_FillsRunDirectory()
    {
        using var tmp = new TempDir();
        var dir = tmp.File("run");
        var (code, _, err) = await Run(Quick, dir);
        Assert.True(code == 0, err);

        Assert.True(File.Exists(Path.Combine(dir, "manifest.json")));
        Assert.True(File.Exists(Path.Combine(dir, "datasets", "iris.arrow")));
        var runs = Path.Combine(dir, "runs.arrow");
        var ids = ArrowRead.Strings(runs, "run_id");
        Assert.Equal(["iris_eta0.01_ic000_eps1e-06", "iris_eta0.01_ic001_eps1e-06", "iris_eta1_ic000_eps1e-06", "iris_eta1_ic001_eps1e-06"], ids);
        Assert.All(ArrowRead.Strings(runs, "status"), s => Assert.Equal("ok", s));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));

        // Four runs: one run per part file, named by the run's grid position.
        Assert.Equal(["part-0000000.arrow", "part-0000001.arrow", "part-0000002.arrow", "part-0000003.arrow"], Directory.GetFiles(Path.Combine(dir, "trajectories")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var traj = Path.Combine(dir, "trajectories", "part-0000000.arrow");
        Assert.All(ArrowRead.Strings(traj, "run_id"), id => Assert.Equal(ids[0], id));
        var (schema, _) = ArrowRead.File(traj);
        Assert.Equal("trajectories/1", schema.Metadata["netorbit.schema"]);
        Assert.Contains("\"W1\"", schema.Metadata["netorbit.param_layout"]);
        var steps = ArrowRead.Longs(traj, "step");
        var members = ArrowRead.Longs(traj, "member");
        Assert.Equal(151 * 3, steps.Count);
        Assert.Equal(0, steps[0]);
        Assert.Equal(150, steps[^1]);
        Assert.Equal([0L, 1, 2], members.Take(3));
        var testAcc = ArrowRead.Doubles(traj, "test_accuracy");
        Assert.False(double.IsNaN(testAcc[0]));       // step 0 evaluated
        Assert.True(double.IsNaN(testAcc[3]));        // step 1 not evaluated (null)
        var w = ArrowRead.Vectors(traj, "weights");
        Assert.Equal(83, w[0].Length);

        // Copies differ from the reference only in connection weights, by at most eps.
        for (var i = 0; i < 83; i++)
        {
            Assert.True(Math.Abs(w[1][i] - w[0][i]) <= 1e-6);
        }

        Assert.Equal(w[0][40..50], w[1][40..50]);     // b1 is not perturbed
    }

    [Fact]
    public async Task Run_DivergingMembers_AreRecordedAsData()
    {
        // At eta = 1e307 the output weights overflow within a few steps.
        using var tmp = new TempDir();
        var json = Quick.Replace("[0.01, 1]", "[0.01, 1e307]");
        var dir = tmp.File("run");
        var (code, _, err) = await Run(json, dir);
        Assert.True(code == 0, err);
        var runs = Path.Combine(dir, "runs.arrow");
        Assert.Equal(["ok", "ok", "diverged", "diverged"], ArrowRead.Strings(runs, "status"));
        var diverged = ArrowRead.Longs(runs, "diverged_step");
        Assert.Equal(-1, diverged[0]);
        Assert.InRange(diverged[2], 1, 10);
        var traj = Path.Combine(dir, "trajectories", "part-0000002.arrow");
        Assert.All(ArrowRead.Doubles(traj, "loss"), l => Assert.True(double.IsFinite(l)));
        Assert.All(ArrowRead.Vectors(traj, "weights"), w => Assert.All(w, x => Assert.True(double.IsFinite(x))));
        Assert.True(ArrowRead.Longs(traj, "step").Max() < diverged[2]);
    }

    [Fact]
    public async Task Run_OneOrTwoThreads_GiveIdenticalBytes()
    {
        using var tmp = new TempDir();
        var a = tmp.File("a");
        var b = tmp.File("b");
        Assert.Equal(0, (await Run(Quick, a, threads: 1)).Code);
        Assert.Equal(0, (await Run(Quick, b, threads: 2)).Code);
        var files = Directory.GetFiles(a, "*.arrow", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order().ToList();
        Assert.NotEmpty(files);
        Assert.Equal(files, Directory.GetFiles(b, "*.arrow", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(b, f)).Order());
        foreach (var f in files.Where(f => f != "runs.arrow"))
        {
            Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), f);
        }

        // runs.arrow differs only in wall_seconds.
        Assert.Equal(ArrowRead.Strings(Path.Combine(a, "runs.arrow"), "run_id"), ArrowRead.Strings(Path.Combine(b, "runs.arrow"), "run_id"));
        Assert.Equal(ArrowRead.Doubles(Path.Combine(a, "runs.arrow"), "final_loss"), ArrowRead.Doubles(Path.Combine(b, "runs.arrow"), "final_loss"));
    }

    [Fact]
    public async Task Run_MalformedConfig_ExitsTwoWithOneLineNamingThePath()
    {
        using var tmp = new TempDir();
        var (code, _, err) = await Run(Quick.Replace("\"steps\": 150", "\"steps\": \"many\""), tmp.File("run"));
        Assert.Equal(2, code);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("$.steps", line);
        Assert.DoesNotContain("   at ", err);
        Assert.False(Directory.Exists(tmp.File("run")));
    }

    [Fact]
    public async Task Run_BadDatasetOption_ExitsTwoNamingDatasetPath()
    {
        using var tmp = new TempDir();
        var (code, _, err) = await Run(Quick.Replace("\"source\": \"iris\"", "\"source\": \"iris\", \"colour\": 3"), tmp.File("run"));
        Assert.Equal(2, code);
        Assert.Contains("$.datasets[0].colour", err);
    }

    [Fact]
    public async Task Run_UnknownStage_ExitsTwo()
    {
        using var tmp = new TempDir();
        var (code, _, err) = await Run(Quick.Replace("\"steps\"", "\"stages\": { \"nonesuch\": {} }, \"steps\""), tmp.File("run"));
        Assert.Equal(2, code);
        Assert.Contains("$.stages.nonesuch", err);
    }

    [Fact]
    public async Task Run_Cancelled_LeavesOnlyCompleteFiles()
    {
        using var tmp = new TempDir();
        var dir = tmp.File("run");
        using var cts = new CancellationTokenSource();
        var big = Quick.Replace("\"steps\": 150", "\"steps\": 200000").Replace("\"count\": 2", "\"count\": 50");
        var task = Run(big, dir, threads: 2, ct: cts.Token);
        // The manifest says "running" once the directory is prepared, just before the runs train (their
        // trajectories wait in memory or under .parts/ until they join a part file).
        while (!File.Exists(Path.Combine(dir, "manifest.json")))
        {
            await Task.Delay(20);
        }

        cts.Cancel();
        var (code, _, err) = await task;
        Assert.Equal(130, code);
        Assert.Contains("cancelled", err);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(dir, "runs.arrow")));
        Assert.Contains("\"cancelled\"", File.ReadAllText(Path.Combine(dir, "manifest.json")));
    }

    [Fact]
    public async Task Run_SummariesMode_WritesNoTrajectories()
    {
        using var tmp = new TempDir();
        var dir = tmp.File("run");
        var (code, _, err) = await Run(Quick.Replace("\"recording\": { \"every\": 1 }", "\"recording\": { \"mode\": \"summaries\" }"), dir);
        Assert.True(code == 0, err);
        Assert.False(Directory.Exists(Path.Combine(dir, "trajectories")));
        Assert.Equal(4, ArrowRead.Strings(Path.Combine(dir, "runs.arrow"), "run_id").Count);
    }

    [Fact]
    public async Task Run_ReferenceEvery10_RecordsOnlyThose()
    {
        using var tmp = new TempDir();
        var dir = tmp.File("run");
        var (code, _, err) = await Run(Quick.Replace("\"recording\": { \"every\": 1 }", "\"recording\": { \"members\": \"reference\", \"every\": 10 }"), dir);
        Assert.True(code == 0, err);
        var traj = Directory.GetFiles(Path.Combine(dir, "trajectories")).Order().First();
        Assert.All(ArrowRead.Longs(traj, "member"), m => Assert.Equal(0, m));
        Assert.Equal(Enumerable.Range(0, 16).Select(i => i * 10L), ArrowRead.Longs(traj, "step"));
    }
}
