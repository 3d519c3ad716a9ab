using System.Text.Json;
using Apache.Arrow;
using NetOrbit.Arrow;
using NetOrbit.Config;
using NetOrbit.Contracts;
using NetOrbit.Pipeline;
using NetOrbit.Running;
using NetOrbit.Stages;
using NetOrbit.Testing;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Stages;

/// <summary>
/// Every built-in stage passes the public conformance kit (tests/NetOrbit.Testing) with its default
/// options; what only the engine's internals can check (the pipeline rejecting a batch with an
/// undeclared schema) stays here.
/// </summary>
public sealed class StageConformanceTests
{
    public static TheoryData<string> StageNames()
    {
        var data = new TheoryData<string>();
        foreach (var f in BuiltInStages.Factories())
        {
            data.Add(f.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StageNames))]
    public async Task BuiltInStage_DefaultOptions_PassesConformanceKit(string stage)
    {
        var factory = BuiltInStages.Factories().Single(f => f.Name == stage);

        var report = await StageConformance.CheckAsync(factory);

        Assert.Equal(stage, report.Stage);
        Assert.Equal(5, report.Checks.Count);
        Assert.Equal(factory.Create(JsonDocument.Parse("{}").RootElement, "$", new ConfigErrors())!.Tables.Select(t => t.Name).Order(), report.TableRows.Keys);
    }

    [Fact]
    public async Task Stage_EmittingUndeclaredSchema_IsAnError()
    {
        using var tmp = new TempDir();
        var experiment = ExperimentBuilder.FromJson(StageConformance.DefaultExperimentJson)
            .Configure(c => c["recording"] = new System.Text.Json.Nodes.JsonObject { ["mode"] = "summaries" })
            .AddStage(new WrongSchemaStage())
            .Build();

        var e = await Assert.ThrowsAsync<StageFailedException>(() => experiment.RunAsync(tmp.File("run"), new ExperimentRunOptions { Threads = 1 }));

        Assert.Equal("wrong-schema", e.Stage);
        Assert.Contains("does not match its declared schema", e.Message);
    }

    /// <summary>A stage that emits a batch whose schema is not the one it declared.</summary>
    private sealed class WrongSchemaStage : IAnalysisStage
    {
        public string Name => "wrong-schema";

        public int SnapshotInterval => 1;

        public IReadOnlyList<TableDefinition> Tables => [TableDefinition.Create("wrong-schema/rows", 1, [new Field("x", Apache.Arrow.Types.DoubleType.Default, false)])];

        public IStageExperiment Start(StageContext context) => new PerRunExperiment((_, _) => new Run());

        private sealed class Run : IStageRun
        {
            public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
            {
                var wrong = new Schema([new Field("y", Apache.Arrow.Types.Int32Type.Default, false)], null);
                output.Append("wrong-schema/rows", new RecordBatch(wrong, [new Int32Array.Builder().Append(1).Build()], 1));
            }

            public void OnCompleted(RunResult result, IStageOutput output)
            {
            }
        }
    }
}
