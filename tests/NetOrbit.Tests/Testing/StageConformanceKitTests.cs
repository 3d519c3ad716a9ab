using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Config;
using NetOrbit.Contracts;
using NetOrbit.Stages;
using NetOrbit.Testing;

namespace NetOrbit.Tests.Testing;

/// <summary>The conformance kit fails each check for a stage that breaks the promise the check is about, and names stage and check.</summary>
public sealed class StageConformanceKitTests
{
    private static readonly StageConformanceOptions Small = new()
    {
        ExperimentJson = """
            {
              "name": "kit-self-test",
              "datasets": [ { "name": "iris", "source": "iris" } ],
              "learning_rates": [0.05],
              "initial_conditions": { "count": 2 },
              "perturbations": { "copies": 1, "epsilons": [1e-7] },
              "steps": 150
            }
            """,
    };

    [Fact]
    public async Task CheckSchemasAsync_TableNameWithoutStagePrefix_ThrowsNamingTheTable()
    {
        var stage = new RowPerBatchStage("prefix", "elsewhere/rows");

        var e = await Assert.ThrowsAsync<StageConformanceException>(() => StageConformance.CheckSchemasAsync(new InstanceFactory(stage), "{}", Small));

        Assert.Equal(("prefix", "schema"), (e.Stage, e.Check));
        Assert.Contains("'elsewhere/rows' does not start with 'prefix/'", e.Message);
    }

    [Fact]
    public async Task CheckDeterminismAsync_RowsDependOnBatchBoundaries_ThrowsBatchBoundaries()
    {
        var stage = new RowPerBatchStage("per-batch", "per-batch/rows");

        var e = await Assert.ThrowsAsync<StageConformanceException>(() => StageConformance.CheckDeterminismAsync(new InstanceFactory(stage), "{}", Small));

        Assert.Equal(("per-batch", "batch-boundaries"), (e.Stage, e.Check));
        Assert.Contains("per-batch/rows.arrow differs", e.Message);
    }

    [Fact]
    public async Task CheckDeterminismAsync_BlueprintKeepsState_ThrowsDeterminism()
    {
        var stage = new StatefulBlueprintStage();

        var e = await Assert.ThrowsAsync<StageConformanceException>(() => StageConformance.CheckDeterminismAsync(new InstanceFactory(stage), "{}", Small));

        Assert.Equal(("stateful", "determinism"), (e.Stage, e.Check));
    }

    [Fact]
    public async Task CheckCancellationAsync_StageLeavesScratchFile_ThrowsCancellation()
    {
        var stage = new ScratchFileStage();

        var e = await Assert.ThrowsAsync<StageConformanceException>(() => StageConformance.CheckCancellationAsync(new InstanceFactory(stage), "{}", Small));

        Assert.Equal(("scratch", "cancellation"), (e.Stage, e.Check));
        Assert.True(e.Message.Contains("scratch.tmp", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public async Task CheckAsync_ConformingStage_ReportsEveryCheck()
    {
        var report = await StageConformance.CheckAsync(new InstanceFactory(new ScratchFreeStage()), "{}", Small);

        Assert.Equal(["schema", "determinism", "batch-boundaries", "cancellation", "fault"], report.Checks.Select(c => c[..c.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal(2, report.TableRows["clean/rows"]);
    }

    [Fact]
    public async Task CheckAsync_FactoryRejectsOptions_ThrowsOptions()
    {
        var e = await Assert.ThrowsAsync<StageConformanceException>(() => StageConformance.CheckAsync(new NetOrbit.Recurrence.RecurrenceStageFactory(), """{ "no_such_option": 1 }""", Small));

        Assert.Equal(("recurrence", "options"), (e.Stage, e.Check));
        Assert.Contains("no_such_option", e.Message);
    }

    private sealed class InstanceFactory(IAnalysisStage stage) : IStageFactory
    {
        public string Name => stage.Name;

        public IAnalysisStage? Create(JsonElement options, string path, ConfigErrors errors) => stage;
    }

    private static TableDefinition Rows(string name) => TableDefinition.Create(name, 1, [new Field("x", DoubleType.Default, false)]);

    private static RecordBatch Row(TableDefinition table, double x) => new(table.Schema, [new DoubleArray.Builder().Append(x).Build()], 1);

    /// <summary>Writes one row per snapshot batch it receives: its output depends on how the pipeline batches.</summary>
    private sealed class RowPerBatchStage(string name, string table) : IAnalysisStage
    {
        public string Name => name;

        public int SnapshotInterval => 1;

        public IReadOnlyList<TableDefinition> Tables => [Rows(table)];

        public IStageExperiment Start(StageContext context) => new PerRunExperiment((_, _) => new Run(Tables[0]));

        private sealed class Run(TableDefinition table) : IStageRun
        {
            public void OnSnapshots(SnapshotBatch batch, IStageOutput output) => output.Append(table.Name, Row(table, batch.Length));

            public void OnCompleted(RunResult result, IStageOutput output)
            {
            }
        }
    }

    /// <summary>Counts its experiments in the blueprint (which must stay immutable), so a second experiment writes something else.</summary>
    private sealed class StatefulBlueprintStage : IAnalysisStage
    {
        private int _experiments;

        public string Name => "stateful";

        public int SnapshotInterval => 0;

        public IReadOnlyList<TableDefinition> Tables => [Rows("stateful/rows")];

        public IStageExperiment Start(StageContext context)
        {
            var n = ++_experiments;
            return new PerRunExperiment((_, _) => new Run(Tables[0], n));
        }

        private sealed class Run(TableDefinition table, int n) : IStageRun
        {
            public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
            {
            }

            public void OnCompleted(RunResult result, IStageOutput output) => output.Append(table.Name, Row(table, n));
        }
    }

    /// <summary>Keeps a scratch file in the run directory while runs are in progress and deletes it only in Complete.</summary>
    private sealed class ScratchFileStage : IAnalysisStage
    {
        public string Name => "scratch";

        public int SnapshotInterval => 1;

        public IReadOnlyList<TableDefinition> Tables => [Rows("scratch/rows")];

        public IStageExperiment Start(StageContext context) => new Experiment(Path.Combine(context.OutputDirectory, "scratch", "scratch.tmp"));

        private sealed class Experiment(string scratch) : IStageExperiment
        {
            public IStageRun StartRun(RunInfo run, RunContext context)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(scratch)!);
                File.WriteAllText(scratch, run.RunId);
                return new Run();
            }

            public void Complete(IStageOutput output) => File.Delete(scratch);
        }

        private sealed class Run : IStageRun
        {
            public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
            {
            }

            public void OnCompleted(RunResult result, IStageOutput output)
            {
            }
        }
    }

    /// <summary>Writes the final loss of each run's reference: conforming.</summary>
    private sealed class ScratchFreeStage : IAnalysisStage
    {
        public string Name => "clean";

        public int SnapshotInterval => 1;

        public IReadOnlyList<TableDefinition> Tables => [Rows("clean/rows")];

        public IStageExperiment Start(StageContext context) => new PerRunExperiment((_, _) => new Run(Tables[0]));

        private sealed class Run(TableDefinition table) : IStageRun
        {
            private double _loss;

            public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
            {
                for (var r = 0; r < batch.Length; r++)
                {
                    if (batch.Member(r) == 0)
                    {
                        _loss = batch.Loss(r);
                    }
                }
            }

            public void OnCompleted(RunResult result, IStageOutput output) => output.Append(table.Name, Row(table, _loss));
        }
    }
}
