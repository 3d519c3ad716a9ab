using System.Diagnostics;
using System.Text.Json;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Cli;

/// <summary>
/// <c>netorbit run --resume</c> with real processes killed by SIGKILL at several moments (before any
/// run completed, in the middle of the sweep, while the tables are being finalised, and twice in a
/// row): no file under its final name is ever incomplete, and the resumed directory's tables equal
/// those of an uninterrupted run, row for row.
/// </summary>
public sealed class ResumeTests
{
    // Long enough per run (several hundred ms at 2 threads) to be killed mid-sweep; small tables.
    private const string Long = """
        {
          "name": "long",
          "datasets": [ { "name": "iris", "source": "iris" } ],
          "learning_rates": [0.5, 1, 2],
          "initial_conditions": { "count": 4 },
          "perturbations": { "copies": 2, "epsilons": [1e-6] },
          "steps": 3000,
          "evaluation": { "every": 500 },
          "recording": { "every": 100 },
          "stages": { "lyapunov": { "record_every": 50 }, "recurrence": {} }
        }
        """;

    public enum Moment
    {
        /// <summary>As soon as the run directory's state is written, before any run completed.</summary>
        Early,

        /// <summary>After a few runs' rows were committed.</summary>
        MidRun,

        /// <summary>Once every run trained and the tables are being written under their final names.</summary>
        Finalising,
    }

    [Theory]
    [InlineData(Moment.Early)]
    [InlineData(Moment.MidRun)]
    [InlineData(Moment.Finalising)]
    public async Task Resume_AfterSigkill_EqualsUninterruptedRun(Moment moment)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tmp = new TempDir();
        var (config, dir) = await LongConfigAsync(tmp);
        await KillWhenAsync(config, dir, moment);
        RunDirectories.AssertAllComplete(dir);

        await ResumeEqualsUninterruptedAsync(tmp, config, dir);
        Assert.False(Directory.Exists(Path.Combine(dir, ".parts")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        Assert.Equal("ok", manifest.RootElement.GetProperty("status").GetString());
        if (moment == Moment.MidRun)
        {
            Assert.InRange(manifest.RootElement.GetProperty("resumed_after_runs").GetInt32(), 1, 11);
        }
    }

    [Fact]
    public async Task Resume_KilledTwice_EqualsUninterruptedRun()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tmp = new TempDir();
        var (config, dir) = await LongConfigAsync(tmp);
        await KillWhenAsync(config, dir, Moment.MidRun);
        var committed = CommittedChunks(dir);
        await KillWhenAsync(config, dir, Moment.MidRun, resume: true, afterRuns: committed + 2);
        RunDirectories.AssertAllComplete(dir);
        await ResumeEqualsUninterruptedAsync(tmp, config, dir);
    }

    [Fact]
    public async Task Resume_DifferentConfiguration_ExitCode2AndKeepsTheDirectory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tmp = new TempDir();
        var (config, dir) = await LongConfigAsync(tmp);
        await KillWhenAsync(config, dir, Moment.MidRun);
        var before = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order().ToList();
        var other = tmp.File("other.json");
        await File.WriteAllTextAsync(other, Long.Replace("\"steps\": 3000", "\"steps\": 2999"));
        var (code, _, err) = await RunDirectories.Cli("run", other, "--out", dir, "--resume", "--quiet");
        Assert.Equal(2, code);
        var line = Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.Contains("run.json", line);
        Assert.Contains("cannot be resumed with this configuration", line);
        Assert.Equal(before, Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order().ToList());

        (code, _, err) = await RunDirectories.Cli("run", config, "--shard", "0/2", "--out", dir, "--resume", "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("cannot be resumed with this shard", err);
    }

    [Fact]
    public async Task Resume_StageWithStateAcrossRunsAndNoSummary_RefusedUpFrontWithCode2()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tmp = new TempDir();
        var config = tmp.File("count.json");
        // Without the long configuration's stages a run trains faster: ten times the steps, so it is killed mid-sweep.
        await File.WriteAllTextAsync(config, Long
            .Replace("\"stages\": { \"lyapunov\": { \"record_every\": 50 }, \"recurrence\": {} }", $"\"stages\": {{ \"{ExperimentCountStageFactory.StageName}\": {{}} }}")
            .Replace("\"steps\": 3000", "\"steps\": 30000"));
        var dir = tmp.File("run");
        string[] plugin = ["--plugin", typeof(ResumeTests).Assembly.Location];
        await KillWhenAsync(config, dir, Moment.MidRun, extra: plugin, when: CommittedEverywhere(dir, 2));
        var before = Directory.GetFiles(dir, "*.arrow", SearchOption.AllDirectories).Order().ToList();

        var (code, stdout, err) = await RunDirectories.Cli(["run", config, "--out", dir, "--resume", "--quiet", "--no-report", .. plugin]);
        Assert.Equal(2, code);
        var line = Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.Contains($"stage '{ExperimentCountStageFactory.StageName}'", line);
        Assert.Contains("IStageSummary", line);
        Assert.DoesNotContain("   at ", err);
        Assert.Equal("", stdout);

        // Refused before any training: nothing was added (chunks not committed in every table are
        // dropped, as any resume does), and the runs kept are still there.
        var after = Directory.GetFiles(dir, "*.arrow", SearchOption.AllDirectories).Order().ToList();
        Assert.Subset(before.ToHashSet(), after.ToHashSet());
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, ".parts", "runs")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "trajectories")));
        Assert.DoesNotContain("\"status\": \"failed\"", File.ReadAllText(Path.Combine(dir, "manifest.json")));

        // Without --resume the same configuration runs, and counts every run.
        var whole = await RunDirectories.Cli(["run", config, "--out", dir, "--quiet", "--no-report", .. plugin]);
        Assert.True(whole.Code == 0, whole.Err);
        Assert.Equal([12L], ArrowRead.Longs(Path.Combine(dir, ExperimentCountStageFactory.StageName, "runs.arrow"), "runs"));
    }

    [Fact]
    public async Task Resume_Progress_StartsFromTheKeptRuns()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // No stages (a stage lagging behind the runs table under load would leave no chunk kept) and ten
        // times the steps, so the kill lands mid-sweep.
        using var tmp = new TempDir();
        var config = tmp.File("plain.json");
        await File.WriteAllTextAsync(config, Long
            .Replace("\"stages\": { \"lyapunov\": { \"record_every\": 50 }, \"recurrence\": {} }", "\"stages\": { }")
            .Replace("\"steps\": 3000", "\"steps\": 30000"));
        var dir = tmp.File("run");
        await KillWhenAsync(config, dir, Moment.MidRun, when: CommittedEverywhere(dir, 2));

        var experiment = NetOrbit.Pipeline.ExperimentBuilder.FromFile(config).Build();
        var reports = new Reports();
        var result = await experiment.RunAsync(dir, new NetOrbit.Pipeline.ExperimentRunOptions { Threads = 2, Resume = true, Progress = reports });
        var kept = result.KeptRuns;
        Assert.InRange(kept, 2, 11);
        const long perRun = 3 * 30000; // 3 members x 30000 steps

        // The first report already counts the kept runs and their steps; the count never goes below them.
        var all = reports.All;
        Assert.Equal(new NetOrbit.Pipeline.ExperimentProgress(kept * perRun, 12 * perRun, kept, 12) { KeptNetworkSteps = kept * perRun }, all[0]);
        Assert.All(all, p => Assert.True(p.Runs >= kept && p.NetworkSteps >= kept * perRun && p.KeptNetworkSteps == kept * perRun));
        Assert.Equal((12, 12 * perRun), (all[^1].Runs, all[^1].NetworkSteps));
        Assert.Equal((12 - kept) * perRun, result.NetworkSteps); // what this call trained
    }

    /// <summary>Every progress report, kept as it arrives (no synchronisation context).</summary>
    private sealed class Reports : IProgress<NetOrbit.Pipeline.ExperimentProgress>
    {
        private readonly List<NetOrbit.Pipeline.ExperimentProgress> _all = [];

        public List<NetOrbit.Pipeline.ExperimentProgress> All
        {
            get
            {
                lock (_all)
                {
                    return [.. _all];
                }
            }
        }

        public void Report(NetOrbit.Pipeline.ExperimentProgress value)
        {
            lock (_all)
            {
                _all.Add(value);
            }
        }
    }

    [Fact]
    public async Task Resume_CompleteOrMissingDirectory_RunsOrKeepsIt()
    {
        using var tmp = new TempDir();
        var config = tmp.File("quick.json");
        await File.WriteAllTextAsync(config, ShardMergeTests.Sweep);
        var dir = tmp.File("run");
        var first = await RunDirectories.Cli("run", config, "--out", dir, "--resume", "--quiet");
        Assert.True(first.Code == 0, first.Err);
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(dir, "runs.arrow"));
        var again = await RunDirectories.Cli("run", config, "--out", dir, "--resume");
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("8 kept", again.Out);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(dir, "runs.arrow")));
    }

    /// <summary>Writes the long configuration into <paramref name="tmp"/>; returns it and the run directory to use.</summary>
    private static async Task<(string Config, string Dir)> LongConfigAsync(TempDir tmp)
    {
        var config = tmp.File("long.json");
        await File.WriteAllTextAsync(config, Long);
        return (config, tmp.File("run"));
    }

    /// <summary>Resumes <paramref name="dir"/> to the end and asserts its tables equal an uninterrupted run's.</summary>
    private static async Task ResumeEqualsUninterruptedAsync(TempDir tmp, string config, string dir)
    {
        var resumed = await RunDirectories.Cli("run", config, "--out", dir, "--resume", "--quiet", "--threads", "2", "--no-report");
        Assert.True(resumed.Code == 0, resumed.Err);
        var whole = await RunDirectories.Cli("run", config, "--out", tmp.File("whole"), "--quiet", "--threads", "2", "--no-report");
        Assert.True(whole.Code == 0, whole.Err);
        RunDirectories.AssertSameTables(tmp.File("whole"), dir);
    }

    /// <summary>True once at least <paramref name="chunks"/> chunks are committed in every table and in trajectories/ (so a resume keeps runs, however the consumers lag).</summary>
    private static Func<bool> CommittedEverywhere(string dir, int chunks) => () =>
    {
        var parts = Path.Combine(dir, ".parts");
        var tables = Directory.Exists(parts)
            ? Directory.GetDirectories(parts, "*", SearchOption.AllDirectories).Where(d => Path.GetFileName(d) != "trajectories" && Directory.GetDirectories(d).Length == 0).ToList()
            : [];
        var trajectories = Path.Combine(dir, "trajectories");
        return tables.Count > 0 && tables.All(t => Directory.GetFiles(t, "*.arrow").Length >= chunks)
            && Directory.Exists(trajectories) && Directory.GetFiles(trajectories, "*.arrow").Length >= chunks;
    };

    /// <summary>
    /// The chunks (here one run each) that a resume keeps, as the runner counts them: committed in every per-run table the
    /// running manifest lists (runs and each stage's tables) and in the trajectory parts. The stages commit a chunk after
    /// the runs table does, so counting the runs table alone can kill the process before any chunk is kept everywhere.
    /// </summary>
    private static int CommittedChunks(string dir)
    {
        static int Files(string folder, string pattern) => Directory.Exists(folder) ? Directory.GetFiles(folder, pattern).Length : 0;
        List<string> tables;
        try
        {
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
            tables = ["runs", .. manifest.RootElement.GetProperty("stages").EnumerateArray()
                .SelectMany(s => s.GetProperty("tables").EnumerateArray().Select(t => t.GetString()![..^".arrow".Length]))];
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return 0;
        }

        var trajectories = Files(Path.Combine(dir, "trajectories"), "part-*.arrow");
        return Math.Min(trajectories, tables.Min(t => Files(Path.Combine(dir, ".parts", t), "*.arrow")));
    }

    private static async Task KillWhenAsync(string config, string dir, Moment moment, bool resume = false, int afterRuns = 3, string[]? extra = null, Func<bool>? when = null)
    {
        // No report: the process must end when the run does, so a kill at "finalising" lands inside the run.
        List<string> args = ["run", config, "--out", dir, "--quiet", "--threads", "2", "--no-report", .. extra ?? []];
        if (resume)
        {
            args.Add("--resume");
        }

        using var process = RunDirectories.Start(args);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var waited = Stopwatch.StartNew();
        Func<bool> ready = when ?? moment switch
        {
            Moment.Early => () => File.Exists(Path.Combine(dir, ".parts", "run.json")),
            Moment.MidRun => () => CommittedChunks(dir) >= afterRuns,
            _ => () => Directory.Exists(Path.Combine(dir, "lyapunov")) || Directory.Exists(Path.Combine(dir, "recurrence")),
        };
        while (!ready())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(120), "the moment to kill never came");
            if (process.HasExited)
            {
                Assert.Fail($"the run ended (code {process.ExitCode}) before it was killed: {await stderr}");
            }

            await Task.Delay(1);
        }

        process.Kill();
        await process.WaitForExitAsync();
        _ = await stderr;
        _ = await stdout;
        Assert.False(File.Exists(Path.Combine(dir, "manifest.json")) && File.ReadAllText(Path.Combine(dir, "manifest.json")).Contains("\"status\": \"ok\"", StringComparison.Ordinal), "the run completed before it was killed");
    }
}
