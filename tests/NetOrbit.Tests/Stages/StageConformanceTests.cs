using System.Text.Json;
using Apache.Arrow;
using NetOrbit.Arrow;
using NetOrbit.Cli.Commands;
using NetOrbit.Pipeline;
using NetOrbit.Config;
using NetOrbit.Contracts;
using NetOrbit.Running;
using NetOrbit.Stages;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Stages;

/// <summary>
/// The conformance kit every built-in stage passes with its default options: it completes and
/// writes exactly its declared tables with their declared schemas; its bytes do not depend on the
/// thread count; a fault elsewhere or a cancellation leaves none of its files behind.
/// </summary>
public sealed class StageConformanceTests
{
    private const string Experiment = """
        {
          "name": "kit",
          "datasets": [ { "name": "iris", "source": "iris" } ],
          "learning_rates": [0.05, 1],
          "initial_conditions": { "count": 2 },
          "perturbations": { "copies": 2, "epsilons": [1e-7] },
          "steps": 220,
          "evaluation": { "every": 20 },
          "recording": { "mode": "summaries" },
          "stages": { "STAGE": {} }
        }
        """;

    public static TheoryData<string> StageNames()
    {
        var data = new TheoryData<string>();
        foreach (var f in BuiltInStages.Factories())
        {
            data.Add(f.Name);
        }

        return data;
    }

    private static ExperimentPlan Plan(string stage, StageCatalog? catalog = null) =>
        ExperimentPlan.Create(Experiment.Replace("STAGE", stage), "kit.json", ".", catalog ?? BuiltInStages.CreateCatalog());

    [Theory]
    [MemberData(nameof(StageNames))]
    public async Task Stage_WritesDeclaredTables_IdenticallyForOneOrTwoThreads(string stage)
    {
        using var tmp = new TempDir();
        var plan = Plan(stage);
        await ExperimentRunner.RunAsync(plan, tmp.File("a"), 1, new RunProgress(0, 0), default);
        await ExperimentRunner.RunAsync(Plan(stage), tmp.File("b"), 2, new RunProgress(0, 0), default);

        var declared = plan.Stages.Single().Tables;
        foreach (var t in declared)
        {
            var a = Path.Combine(tmp.File("a"), t.Name + ".arrow");
            Assert.True(File.Exists(a), $"{t.Name} was not written");
            var (schema, _) = ArrowRead.File(a);
            Assert.True(SchemaComparer.SameFields(t.Schema, schema, out var why), why);
            Assert.Equal(t.SchemaTag, schema.Metadata[ArrowMetadata.SchemaKey]);
            Assert.True(File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(tmp.File("b"), t.Name + ".arrow"))), $"{t.Name} differs between 1 and 2 threads");
        }

        var written = Directory.GetFiles(Path.Combine(tmp.File("a"), stage), "*.arrow", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(tmp.File("a"), f)[..^".arrow".Length].Replace('\\', '/')).Order().ToList();
        Assert.Equal(declared.Select(t => t.Name).Order(), written);
    }

    [Theory]
    [MemberData(nameof(StageNames))]
    public async Task Stage_WhenAnotherStageFails_LeavesNoFiles(string stage)
    {
        using var tmp = new TempDir();
        var catalog = new StageCatalog([.. BuiltInStages.Factories(), new FailingStage.Factory()]);
        var json = Experiment.Replace("\"STAGE\": {}", $"\"{stage}\": {{}}, \"failing\": {{}}");
        var plan = ExperimentPlan.Create(json, "kit.json", ".", catalog);
        var e = await Assert.ThrowsAsync<StageFailedException>(() => ExperimentRunner.RunAsync(plan, tmp.File("run"), 2, new RunProgress(0, 0), default));
        Assert.Equal("failing", e.Stage);
        Assert.Contains("stage 'failing' failed", e.Message);
        Assert.Empty(Directory.GetFiles(tmp.File("run"), "*.tmp", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(tmp.File("run"), stage)) && Directory.GetFiles(Path.Combine(tmp.File("run"), stage), "*", SearchOption.AllDirectories).Length > 0);
        Assert.Contains("\"failed\"", File.ReadAllText(Path.Combine(tmp.File("run"), "manifest.json")));
    }

    [Theory]
    [MemberData(nameof(StageNames))]
    public async Task Stage_Cancelled_LeavesNoFiles(string stage)
    {
        using var tmp = new TempDir();
        var plan = ExperimentPlan.Create(Experiment.Replace("STAGE", stage).Replace("\"steps\": 220", "\"steps\": 100000000"), "kit.json", ".", BuiltInStages.CreateCatalog());
        using var cts = new CancellationTokenSource();
        var progress = new RunProgress(0, 0);
        var task = ExperimentRunner.RunAsync(plan, tmp.File("run"), 2, progress, cts.Token);
        while (progress.NetworkSteps < 10_000)
        {
            await Task.Delay(10);
        }

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Empty(Directory.GetFiles(tmp.File("run"), "*.arrow.tmp", SearchOption.AllDirectories));
        Assert.DoesNotContain(Directory.GetFiles(tmp.File("run"), "*.arrow", SearchOption.AllDirectories), f => f.Contains(Path.DirectorySeparatorChar + stage + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stage_EmittingUndeclaredSchema_IsAnError()
    {
        using var tmp = new TempDir();
        var catalog = new StageCatalog([new FailingStage.Factory()]);
        var plan = ExperimentPlan.Create(Experiment.Replace("\"STAGE\": {}", "\"failing\": { \"mode\": \"schema\" }"), "kit.json", ".", catalog);
        var e = await Assert.ThrowsAsync<StageFailedException>(() => ExperimentRunner.RunAsync(plan, tmp.File("run"), 1, new RunProgress(0, 0), default));
        Assert.Contains("does not match its declared schema", e.Message);
    }

    /// <summary>A stage that throws on its third batch, or emits a batch with the wrong schema.</summary>
    private sealed class FailingStage(string mode) : IAnalysisStage
    {
        private static readonly TableDefinition Table = TableDefinition.Create("failing/rows", 1, [new Field("x", Apache.Arrow.Types.DoubleType.Default, false)]);

        public string Name => "failing";

        public int SnapshotInterval => 1;

        public IReadOnlyList<TableDefinition> Tables => [Table];

        public IStageExperiment Start(StageContext context) => new PerRunExperiment((_, _) => new Run(mode));

        private sealed class Run(string mode) : IStageRun
        {
            private int _batches;

            public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
            {
                if (mode == "schema")
                {
                    var wrong = new Schema([new Field("y", Apache.Arrow.Types.Int32Type.Default, false)], null);
                    output.Append("failing/rows", new RecordBatch(wrong, [new Int32Array.Builder().Append(1).Build()], 1));
                }

                if (++_batches == 3)
                {
                    throw new InvalidOperationException("boom");
                }
            }

            public void OnCompleted(RunResult result, IStageOutput output)
            {
            }
        }

        public sealed class Factory : IStageFactory
        {
            public string Name => "failing";

            public IAnalysisStage? Create(JsonElement options, string path, ConfigErrors errors)
            {
                var o = new JsonOptions(options, path, errors);
                var mode = o.Choice("mode", "throw", "throw", "schema");
                o.RejectUnknown();
                return new FailingStage(mode);
            }
        }
    }
}
