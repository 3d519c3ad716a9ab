using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Config;
using NetOrbit.Contracts;
using NetOrbit.Pipeline;
using NetOrbit.Stages;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Pipeline;

/// <summary>The public API that runs an experiment from code (what samples/embedding uses).</summary>
public sealed class ExperimentBuilderTests : IDisposable
{
    private const string Small = """
        { "name": "api", "datasets": [ { "name": "iris", "source": "iris" } ], "learning_rates": [0.5, 1],
          "initial_conditions": { "count": 2 }, "perturbations": { "copies": 1, "epsilons": [1e-8] }, "steps": 60,
          "recording": { "mode": "summaries" } }
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Build_ProblemsInRootDatasetsAndStages_AllReportedInOneException()
    {
        var json = """
            { "name": "bad name!", "datasets": [ { "name": "x", "source": "nosuch" } ], "steps": 0,
              "stages": { "lyapunov": { "norm": "l3" }, "nosuchstage": {} } }
            """;
        var e = Assert.Throws<ConfigException>(() => ExperimentBuilder.FromJson(json, "bad.json").Build());
        var paths = e.Errors.Select(x => x.Path).ToList();
        Assert.Contains("$.name", paths);
        Assert.Contains("$.steps", paths);
        Assert.Contains(paths, p => p.StartsWith("$.datasets[0]", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("$.stages.lyapunov", StringComparison.Ordinal));
        Assert.Contains("$.stages.nosuchstage", paths);
        Assert.Equal("bad.json", e.File);
    }

    [Fact]
    public async Task RunAsync_AddedStageInstanceAndStageByName_TablesWrittenAndResultDescribesThem()
    {
        var progress = new Recorder();
        var experiment = ExperimentBuilder.FromJson(Small)
            .Configure(c => c["steps"] = 80)
            .AddStage("lyapunov", """{ "record_every": 20 }""")
            .AddStage(new LastLossStage())
            .Build();
        Assert.Equal(["lyapunov", "last-loss"], experiment.Stages.Select(s => s.Name));
        Assert.Equal(4, experiment.Runs.Count);
        Assert.Equal(4L * 2 * 80, experiment.TotalNetworkSteps);

        var result = await experiment.RunAsync(_dir.File("run"), new ExperimentRunOptions { Threads = 2, Progress = progress });

        Assert.Equal(Path.GetFullPath(_dir.File("run")), result.RunDirectory);
        Assert.Equal(4, result.Runs.Count);
        Assert.Equal(experiment.TotalNetworkSteps, result.NetworkSteps);
        Assert.Contains("last-loss/runs", result.Tables);
        Assert.Contains("lyapunov/summary", result.Tables);
        Assert.True(File.Exists(result.TablePath("lyapunov/summary")));
        Assert.True(File.Exists(result.TablePath("runs")));

        // The added stage's table holds each run's final loss, equal to runs.arrow's.
        using var stream = File.OpenRead(result.TablePath("last-loss/runs"));
        using var reader = new ArrowFileReader(stream);
        var losses = new List<double?>();
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            losses.AddRange((DoubleArray)batch.Column("final_loss"));
        }

        Assert.Equal(result.Runs.Select(r => (double?)r.FinalLoss[0]), losses);

        // Progress ends at every run and every network-step.
        var last = progress.Reports.MaxBy(p => (p.Runs, p.NetworkSteps));
        Assert.Equal(new ExperimentProgress(experiment.TotalNetworkSteps, experiment.TotalNetworkSteps, 4, 4), last);
    }

    [Fact]
    public void Build_AddedInstanceWithAConfiguredStagesName_Refused()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentBuilder.FromJson(Small).AddStage("lyapunov").AddStage(new LastLossStage("lyapunov")).Build());
        Assert.Equal("$.stages.lyapunov", Assert.Single(e.Errors).Path);
    }

    [Fact]
    public void FromFile_MissingFile_ConfigExceptionNamingIt()
    {
        var path = _dir.File("nope.json");
        var e = Assert.Throws<ConfigException>(() => ExperimentBuilder.FromFile(path));
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void Compact_IsTheSingleExperimentPaperIris()
    {
        var experiment = ExperimentBuilder.Compact().Build();
        Assert.Equal(ExperimentBuilder.CompactExperimentName, experiment.Name);
        Assert.Equal(450, experiment.Runs.Count);
        Assert.Equal(["graph", "lyapunov", "recurrence", "regimes"], experiment.Stages.Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_SharedSlots_TrainsOnlyWhileHoldingASlotAndGivesThemBack()
    {
        var experiment = ExperimentBuilder.FromJson(Small).Build();
        using var slots = new SemaphoreSlim(0, 2);
        var progress = new Recorder();
        var run = experiment.RunAsync(_dir.File("slots"), new ExperimentRunOptions { Threads = 2, SharedSlots = slots, Progress = progress });
        await Task.Delay(500);
        Assert.False(run.IsCompleted);
        Assert.DoesNotContain(progress.Snapshot(), r => r.NetworkSteps > 0);

        slots.Release(2);
        var result = await run;
        Assert.Equal(4, result.RunCount);
        Assert.Equal(2, slots.CurrentCount);
    }

    [Fact]
    public async Task RunAsync_SharedSlots_CancelledMidRun_EverySlotGivenBack()
    {
        // Slots are taken before a plan enters the trainer's queue: after a cancellation every one must be back,
        // whether its plan was training, queued or never sent.
        var experiment = ExperimentBuilder.FromJson(Small).Configure(c => c["steps"] = 20_000).Configure(c => c["initial_conditions"] = new JsonObject { ["count"] = 20 }).Build();
        // More slots than threads: one run trains while others wait in the trainer's queue holding theirs.
        using var slots = new SemaphoreSlim(4, 4);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => experiment.RunAsync(_dir.File("slots-cancelled"), new ExperimentRunOptions { Threads = 1, SharedSlots = slots }, cts.Token));
        Assert.Equal(4, slots.CurrentCount);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ThrowsOperationCanceled()
    {
        var experiment = ExperimentBuilder.FromJson(Small).Configure(c => c["steps"] = 100_000).Build();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => experiment.RunAsync(_dir.File("cancelled"), new ExperimentRunOptions { Threads = 1 }, cts.Token));
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(3, 4)]
    [InlineData(5, 5)]
    public async Task RunAsync_StageInterval_OnlyStepsOnItsIntervalDelivered(int recordEvery, int stageEvery)
    {
        // The trainer emits on gcd(recording, stage) = 1 here; the stage must see its own grid only.
        var probe = new ProbeStage(stageEvery);
        var experiment = ExperimentBuilder.FromJson(Small)
            .Configure(c => c["recording"] = new JsonObject { ["mode"] = "snapshots", ["every"] = recordEvery })
            .AddStage(probe)
            .Build();
        await experiment.RunAsync(_dir.File("grid"), new ExperimentRunOptions { Threads = 2 });

        var expected = Enumerable.Range(0, 61).Where(t => t % stageEvery == 0).Select(t => (long)t).ToArray();
        Assert.Equal(4, probe.StepsByRun.Count);
        foreach (var steps in probe.StepsByRun.Values)
        {
            Assert.Equal(expected, steps);
        }
    }

    [Fact]
    public async Task RunAsync_SameStageInstanceInTwoExperiments_ExperimentStateNotShared_ContextCarriesThreads()
    {
        var probe = new ProbeStage(10);
        var builder = () => ExperimentBuilder.FromJson(Small).AddStage(probe).Build();
        await builder().RunAsync(_dir.File("one"), new ExperimentRunOptions { Threads = 1 });
        await builder().RunAsync(_dir.File("two"), new ExperimentRunOptions { Threads = 2 });
        Assert.Equal([4, 4], probe.RunsPerExperiment);
        Assert.Equal([1, 2], probe.ThreadsPerExperiment);
    }

    private sealed class Recorder : IProgress<ExperimentProgress>
    {
        private readonly Lock _lock = new();

        public List<ExperimentProgress> Reports { get; } = [];

        public List<ExperimentProgress> Snapshot()
        {
            lock (_lock)
            {
                return [.. Reports];
            }
        }

        public void Report(ExperimentProgress value)
        {
            lock (_lock)
            {
                Reports.Add(value);
            }
        }
    }

    /// <summary>A stage written in the test: the reference's final training loss per run.</summary>
    private sealed class LastLossStage(string name = "last-loss") : IAnalysisStage
    {
        private readonly TableDefinition _table = TableDefinition.Create(name + "/runs", 1, [new Field("run_id", StringType.Default, false), new Field("final_loss", DoubleType.Default, false)]);

        public string Name => name;

        public int SnapshotInterval => 0;

        public IReadOnlyList<TableDefinition> Tables => [_table];

        public IStageExperiment Start(StageContext context) => new PerRunExperiment((run, _) => new Run(run, _table));

        private sealed class Run(RunInfo run, TableDefinition table) : IStageRun
        {
            public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
            {
            }

            public void OnCompleted(RunResult result, IStageOutput output) =>
                output.Append(table.Name, new RecordBatch(table.Schema, [new StringArray.Builder().Append(run.RunId).Build(), new DoubleArray.Builder().Append(result.FinalLoss[0]).Build()], 1));
        }
    }

    /// <summary>Records what the pipeline delivers: steps per run, runs per experiment, the thread budget.</summary>
    private sealed class ProbeStage(int every) : IAnalysisStage
    {
        private readonly TableDefinition _table = TableDefinition.Create("probe/experiments", 1, [new Field("runs", Int32Type.Default, false)]);

        public Dictionary<int, List<long>> StepsByRun { get; } = [];

        public List<int> RunsPerExperiment { get; } = [];

        public List<int> ThreadsPerExperiment { get; } = [];

        public string Name => "probe";

        public int SnapshotInterval => every;

        public IReadOnlyList<TableDefinition> Tables => [_table];

        public IStageExperiment Start(StageContext context)
        {
            ThreadsPerExperiment.Add(context.Threads);
            return new Experiment(this);
        }

        private sealed class Experiment(ProbeStage stage) : IStageExperiment
        {
            private int _runs;

            public IStageRun StartRun(RunInfo run, RunContext context)
            {
                Assert.Equal(stage.ThreadsPerExperiment[^1], context.Threads);
                _runs++;
                return new Run(stage.StepsByRun[run.Index] = []);
            }

            public void Complete(IStageOutput output)
            {
                stage.RunsPerExperiment.Add(_runs);
                output.Append("probe/experiments", new RecordBatch(stage._table.Schema, [new Int32Array.Builder().Append(_runs).Build()], 1));
            }
        }

        private sealed class Run(List<long> steps) : IStageRun
        {
            public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
            {
                for (var row = 0; row < batch.Length; row++)
                {
                    if (batch.Member(row) == 0)
                    {
                        steps.Add(batch.Step(row));
                    }
                }
            }

            public void OnCompleted(RunResult result, IStageOutput output)
            {
            }
        }
    }
}
