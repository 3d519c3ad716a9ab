using NetOrbit.Arrow;
using NetOrbit.Cli.Commands;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Cli;

/// <summary>
/// The trajectory layout of a sweep with more runs than chunks: part files of consecutive runs in
/// grid order, named by the grid position of their first run, whatever the threads or shards; the
/// readers (analyze, merge) find every run in them; a file whose runs interleave is refused.
/// </summary>
public sealed class TrajectoryLayoutTests
{
    // 300 runs: chunks of 300 / 128 = 2 runs, so 150 part files. Two datasets of different network
    // sizes (Iris 4-10-3, moons 2-10-2) so files of both widths exist.
    private const string Wide = """
        {
          "name": "wide",
          "datasets": [ { "name": "iris", "source": "iris" }, { "name": "moons", "source": "moons", "samples": 100, "noise": 0.1, "seed": 1 } ],
          "learning_rates": [0.5, 2, 5],
          "initial_conditions": { "count": 25 },
          "perturbations": { "copies": 1, "epsilons": [1e-6, 1e-8] },
          "steps": 6,
          "evaluation": { "every": 3 },
          "recording": { "every": 3 }
        }
        """;

    private static async Task<string> Config(TempDir tmp)
    {
        var path = tmp.File("wide.json");
        await File.WriteAllTextAsync(path, Wide);
        return path;
    }

    private static List<string> PartNames(string dir) =>
        [.. Directory.GetFiles(Path.Combine(dir, "trajectories")).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    /// <summary>Run ids in file order, each once per run (rows of a run are together).</summary>
    private static List<string> RunOrder(string dir) =>
        [.. PartNames(dir).SelectMany(f => TrajectoryFile.OpenRuns(Path.Combine(dir, "trajectories", f)).Select(r => r.RunId))];

    [Fact]
    public async Task Run_ManyRuns_PartFilesOfConsecutiveRunsIdenticalForAnyThreads()
    {
        using var tmp = new TempDir();
        var config = await Config(tmp);
        var a = await RunDirectories.Cli("run", config, "--out", tmp.File("a"), "--quiet", "--threads", "1", "--no-report");
        Assert.True(a.Code == 0, a.Err);
        var b = await RunDirectories.Cli("run", config, "--out", tmp.File("b"), "--quiet", "--threads", "2", "--no-report");
        Assert.True(b.Code == 0, b.Err);

        var names = PartNames(tmp.File("a"));
        Assert.Equal(Enumerable.Range(0, 150).Select(i => TrajectoryFolder.PartName(2 * i)), names);
        Assert.Equal(ArrowRead.Strings(tmp.File("a/runs.arrow"), "run_id"), RunOrder(tmp.File("a")));
        foreach (var n in names)
        {
            // Two runs a file, each with all its rows: 2 members x snapshots at steps 0, 3, 6.
            var runs = TrajectoryFile.OpenRuns(tmp.File("a/trajectories/" + n));
            Assert.Equal(2, runs.Count);
            Assert.All(runs, r => Assert.Equal(6, r.Rows));
            Assert.Equal([0L, 6L], runs.Select(r => r.FirstRow));
        }

        // A run read from a part file: its own rows only.
        var second = TrajectoryFile.OpenRuns(tmp.File("a/trajectories/" + names[7]))[1];
        var info = new NetOrbit.Contracts.RunInfo { Index = 0, RunId = second.RunId, Dataset = "", Architecture = second.Layout!.Architecture, Eta = 0, Epsilon = 0, InitialCondition = 0, InitSeed = 0, PerturbationSeed = 0, Members = 2, Steps = 6, Layout = second.Layout };
        var rows = second.ReadSnapshots(info).SelectMany(b => Enumerable.Range(0, b.Length).Select(i => (b.Member(i), b.Step(i)))).ToList();
        Assert.Equal([(0, 0L), (1, 0L), (0, 3L), (1, 3L), (0, 6L), (1, 6L)], rows);
        Assert.False(Directory.Exists(tmp.File("a/.parts")));
        Assert.Equal(names, PartNames(tmp.File("b")));
        foreach (var n in names)
        {
            Assert.Equal(File.ReadAllBytes(tmp.File("a/trajectories/" + n)), File.ReadAllBytes(tmp.File("b/trajectories/" + n)));
        }
    }

    [Fact]
    public async Task Run_RunsWaitingOnDiskOrInMemory_IdenticalPartFiles()
    {
        using var tmp = new TempDir();
        var experiment = NetOrbit.Pipeline.ExperimentBuilder.FromJson(Wide).Build();
        await experiment.RunAsync(tmp.File("memory"), new NetOrbit.Pipeline.ExperimentRunOptions { Threads = 2 });
        await experiment.RunAsync(tmp.File("disk"), new NetOrbit.Pipeline.ExperimentRunOptions { Threads = 2, TrajectoryHeldBytes = 0 });
        var names = PartNames(tmp.File("memory"));
        Assert.Equal(names, PartNames(tmp.File("disk")));
        foreach (var n in names)
        {
            Assert.Equal(File.ReadAllBytes(tmp.File("memory/trajectories/" + n)), File.ReadAllBytes(tmp.File("disk/trajectories/" + n)));
        }
    }

    [Fact]
    public async Task Run_ReferencesReplayedAcrossEps_SameTablesAsTrainingEach()
    {
        // 3 initial conditions x 4 eps at two learning rates, the larger making some members blow up; the runs of an
        // initial condition after the first replay its reference (ReferenceTracks) unless told not to.
        const string json = """
            {
              "name": "shared-references",
              "datasets": [ { "name": "iris", "source": "iris", "test_fraction": 0.2, "split_seed": 0 } ],
              "learning_rates": [1, 3e283],
              "initial_conditions": { "count": 3 },
              "perturbations": { "copies": 2, "epsilons": [1e-12, 1e-8, 1e-4, 1e-1] },
              "steps": 260,
              "evaluation": { "every": 20 },
              "recording": { "every": 20 },
              "stages": { "lyapunov": { "record_every": 10 } }
            }
            """;
        using var tmp = new TempDir();
        var experiment = NetOrbit.Pipeline.ExperimentBuilder.FromJson(json).Build();
        var shared = await experiment.RunAsync(tmp.File("shared"), new NetOrbit.Pipeline.ExperimentRunOptions { Threads = 2 });
        var alone = await experiment.RunAsync(tmp.File("alone"), new NetOrbit.Pipeline.ExperimentRunOptions { Threads = 2, ShareReferences = false });
        Assert.True(shared.Diverged > 0, "the case should make members blow up");
        Assert.InRange(shared.ReplayedReferences, 1, 18); // at most 3 of each initial condition's 4 runs at each eta
        Assert.Equal(0, alone.ReplayedReferences);
        RunDirectories.AssertSameTables(tmp.File("alone"), tmp.File("shared"));
    }

    [Fact]
    public async Task Run_CopiesOnTheirReference_CountedAsCoincident()
    {
        // At eps = 1e-18 a perturbation is below half an ulp of nearly every N(0, 1) weight, so most copies start on their
        // reference bit for bit and follow it (EnsembleTrainer.CoincidentMemberSteps; values: CoincidentCopiesTests); at
        // 1e-8 none does.
        const string json = """
            {
              "name": "coincident-copies",
              "datasets": [ { "name": "iris", "source": "iris", "test_fraction": 0.2, "split_seed": 0 } ],
              "learning_rates": [1],
              "initial_conditions": { "count": 2 },
              "perturbations": { "copies": 4, "epsilons": [EPS] },
              "steps": 100,
              "stages": { "lyapunov": { "record_every": 10 } }
            }
            """;
        using var tmp = new TempDir();
        var tiny = await NetOrbit.Pipeline.ExperimentBuilder.FromJson(json.Replace("EPS", "1e-18")).Build().RunAsync(tmp.File("tiny"), new NetOrbit.Pipeline.ExperimentRunOptions { Threads = 2 });
        var small = await NetOrbit.Pipeline.ExperimentBuilder.FromJson(json.Replace("EPS", "1e-8")).Build().RunAsync(tmp.File("small"), new NetOrbit.Pipeline.ExperimentRunOptions { Threads = 2 });
        Assert.True(tiny.CoincidentNetworkSteps > 0, "some copies at eps = 1e-18 should start on their reference");
        Assert.InRange(tiny.CoincidentNetworkSteps, 1, 8 * 100); // 8 copies of 100 steps at most; a copy may also land on its reference later
        Assert.Equal(0, small.CoincidentNetworkSteps);
    }

    [Fact]
    public async Task Resume_CancelledMidChunk_PartFilesIdenticalToAnUninterruptedRun()
    {
        using var tmp = new TempDir();
        var experiment = NetOrbit.Pipeline.ExperimentBuilder.FromJson(Wide).Build();
        await experiment.RunAsync(tmp.File("whole"), new NetOrbit.Pipeline.ExperimentRunOptions { Threads = 2 });

        // Cancelled once 101 runs are done: the middle of a two-run chunk.
        using var cancel = new CancellationTokenSource();
        var stop = new CancelAfterRuns(101, cancel);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => experiment.RunAsync(tmp.File("run"), new NetOrbit.Pipeline.ExperimentRunOptions { Threads = 2, Progress = stop }, cancel.Token));
        Assert.True(Directory.Exists(tmp.File("run/.parts")));
        Assert.InRange(PartNames(tmp.File("run")).Count, 1, 149);

        var resumed = await experiment.RunAsync(tmp.File("run"), new NetOrbit.Pipeline.ExperimentRunOptions { Threads = 2, Resume = true });
        Assert.InRange(resumed.KeptRuns, 2, 298);
        Assert.Equal(0, resumed.KeptRuns % 2);
        var names = PartNames(tmp.File("whole"));
        Assert.Equal(names, PartNames(tmp.File("run")));
        foreach (var n in names)
        {
            Assert.Equal(File.ReadAllBytes(tmp.File("whole/trajectories/" + n)), File.ReadAllBytes(tmp.File("run/trajectories/" + n)));
        }

        RunDirectories.AssertSameTables(tmp.File("whole"), tmp.File("run"));
    }

    /// <summary>Cancels once <paramref name="runs"/> runs are done.</summary>
    private sealed class CancelAfterRuns(int runs, CancellationTokenSource cancel) : IProgress<NetOrbit.Pipeline.ExperimentProgress>
    {
        public void Report(NetOrbit.Pipeline.ExperimentProgress value)
        {
            if (value.Runs >= runs)
            {
                cancel.Cancel();
            }
        }
    }

    [Fact]
    public async Task Merge_ShardsChunkedDifferently_WritesTheSingleMachineParts()
    {
        using var tmp = new TempDir();
        var config = await Config(tmp);
        var single = await RunDirectories.Cli("run", config, "--out", tmp.File("single"), "--quiet", "--threads", "2", "--no-report");
        Assert.True(single.Code == 0, single.Err);
        for (var i = 0; i < 3; i++)
        {
            var r = await RunDirectories.Cli("run", config, "--shard", $"{i}/3", "--out", tmp.File($"s{i}"), "--quiet", "--threads", "1");
            Assert.True(r.Code == 0, r.Err);
        }

        // A shard of 100 runs writes one run per file; the merge cuts them as the whole grid does.
        Assert.Equal(100, PartNames(tmp.File("s1")).Count);
        Assert.Equal(TrajectoryFolder.PartName(100), PartNames(tmp.File("s1"))[0]);
        var merged = await RunDirectories.Cli("merge", tmp.File("s2"), tmp.File("s0"), tmp.File("s1"), "--out", tmp.File("m"));
        Assert.True(merged.Code == 0, merged.Err);
        Assert.Equal(PartNames(tmp.File("single")), PartNames(tmp.File("m")));
        RunDirectories.AssertSameTables(tmp.File("single"), tmp.File("m"));
    }

    [Fact]
    public async Task Analyze_PartFiles_EveryRunOfTheDirectoryAndOfALooseFile()
    {
        using var tmp = new TempDir();
        var config = await Config(tmp);
        var r = await RunDirectories.Cli("run", config, "--out", tmp.File("run"), "--quiet", "--threads", "2", "--no-report");
        Assert.True(r.Code == 0, r.Err);

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, await AnalyzeCommand.ExecuteAsync([tmp.File("run")], ["recurrence"], null, tmp.File("all"), 2, [], stdout, stderr, default));
        var all = ArrowRead.Strings(tmp.File("all/recurrence/rqa.arrow"), "run_id");
        Assert.Equal(ArrowRead.Strings(tmp.File("run/runs.arrow"), "run_id"), all.Distinct());

        // A part file given on its own: its two runs, the same rows as in the directory's analysis.
        var loose = tmp.File("run/trajectories/" + TrajectoryFolder.PartName(10));
        Assert.Equal(0, await AnalyzeCommand.ExecuteAsync([loose], ["recurrence"], null, tmp.File("one"), 1, [], stdout, stderr, default));
        var ids = ArrowRead.Strings(tmp.File("one/recurrence/rqa.arrow"), "run_id");
        Assert.Equal(all.Where(id => id == all.Distinct().ElementAt(10) || id == all.Distinct().ElementAt(11)), ids);
        var det = ArrowRead.Doubles(tmp.File("all/recurrence/rqa.arrow"), "det");
        Assert.Equal(Enumerable.Range(0, all.Count).Where(i => ids.Contains(all[i])).Select(i => det[i]), ArrowRead.Doubles(tmp.File("one/recurrence/rqa.arrow"), "det"));
    }

    [Fact]
    public async Task OpenRuns_RunRowsNotTogether_InputFileExceptionNamingTheRow()
    {
        using var tmp = new TempDir();
        var config = await Config(tmp);
        var r = await RunDirectories.Cli("run", config, "--out", tmp.File("run"), "--quiet", "--no-report");
        Assert.True(r.Code == 0, r.Err);

        // Rows of run A, then B, then A again.
        var source = tmp.File("run/trajectories/" + TrajectoryFolder.PartName(0));
        var (schema, batches) = ArrowRead.File(source);
        var bad = tmp.File("bad.arrow");
        await ArrowTableFile.WriteAsync(bad, schema, [.. batches, batches[0]]);
        var e = Assert.Throws<InputFileException>(() => TrajectoryFile.OpenRuns(bad));
        Assert.Contains("appears again after other runs", e.Message);
        Assert.Contains(bad, e.Message);
    }
}
