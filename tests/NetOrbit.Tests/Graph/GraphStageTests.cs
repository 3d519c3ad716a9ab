using System.Text.Json;
using Apache.Arrow;
using NetOrbit.Arrow;
using NetOrbit.Config;
using NetOrbit.Contracts;
using NetOrbit.Graph;
using NetOrbit.Graph.Kernels;
using NetOrbit.Stages;
using Xunit;

namespace NetOrbit.Tests.Graph;

public sealed class GraphStageTests
{
    private const int Steps = 25;

    private static (CollectingOutput Output, double[][][] Trajectory, RunInfo Run) Execute(GraphOptions options, int members = 2, int batchSteps = 7)
    {
        var model = new LinearSoftmaxModel(2, 2);
        var run = StageHarness.Run(model.Layout, members, Steps);
        var trajectory = StageHarness.RandomWalk(members, Steps, model.Layout.Count, seed: 42);
        var stage = GraphStageFactory.CreateStage(options);
        var stageRun = stage.Start(StageContext.ForDirectory(".")).StartRun(run, new RunContext(AblationAndMisclassificationTests.TwoFeatureDataset(), model, "."));
        var output = new CollectingOutput();
        for (var from = 0; from <= Steps; from += batchSteps)
        {
            stageRun.OnSnapshots(StageHarness.Batch(run, trajectory, from, Math.Min(from + batchSteps, Steps + 1)), output);
        }

        stageRun.OnCompleted(StageHarness.Result(run, trajectory), output);
        return (output, trajectory, run);
    }

    private static RecordBatch Single(CollectingOutput output, string table)
    {
        var batches = output.Of(table);
        Assert.NotEmpty(batches);
        var columns = batches[0].Schema.FieldsList.Select((f, i) => ArrowArrayConcatenatorConcat(batches.Select(b => b.Column(i)).ToList())).ToArray();
        return new RecordBatch(batches[0].Schema, columns, batches.Sum(b => b.Length));
    }

    private static IArrowArray ArrowArrayConcatenatorConcat(List<IArrowArray> arrays) => ArrowArrayConcatenator.Concatenate(arrays);

    private static double[] Doubles(RecordBatch b, string column) => ((DoubleArray)b.Column(column)).Select(v => v ?? double.NaN).ToArray();

    private static int?[] Ints(RecordBatch b, string column) => ((Int32Array)b.Column(column)).ToArray();

    [Fact]
    public void Stage_FirstSnapshotOffItsGrid_IsStillTheInitialNetwork()
    {
        // Batches that start at step 3 (every step sent, as when recording every step): step 3 is
        // the members' first snapshot, so distances to the initial network are measured from it.
        var model = new LinearSoftmaxModel(2, 2);
        var run = StageHarness.Run(model.Layout, 2, Steps);
        var trajectory = StageHarness.RandomWalk(2, Steps, model.Layout.Count, seed: 7);
        var stageRun = GraphStageFactory.CreateStage(new GraphOptions { Every = 10 }).Start(StageContext.ForDirectory(".")).StartRun(run, new RunContext(AblationAndMisclassificationTests.TwoFeatureDataset(), model, "."));
        var output = new CollectingOutput();
        stageRun.OnSnapshots(StageHarness.Batch(run, trajectory, 3, 12), output);
        stageRun.OnSnapshots(StageHarness.Batch(run, trajectory, 12, Steps + 1), output);
        stageRun.OnCompleted(StageHarness.Result(run, trajectory), output);

        var metrics = Single(output, "graph/metrics");
        Assert.Equal([10L, 10, 20, 20], ((Int64Array)metrics.Column("step")).Select(v => v!.Value).ToArray());
        var toInitial = Doubles(metrics, "l1_to_initial");
        for (var r = 0; r < 4; r++)
        {
            var (m, t) = (r % 2, r < 2 ? 10 : 20);
            Assert.Equal(NetOrbit.Numerics.VectorDistance.L1(trajectory[m][t], trajectory[m][3]), toInitial[r], 1e-14);
        }
    }

    [Fact]
    public void Stage_EveryTen_MetricsEveryTenthStepOrderedByStepThenMember()
    {
        var (output, trajectory, _) = Execute(new GraphOptions { Every = 10 });
        var metrics = Single(output, "graph/metrics");

        Assert.Equal(6, metrics.Length); // steps 0, 10, 20 x 2 members
        Assert.Equal([0L, 0, 10, 10, 20, 20], ((Int64Array)metrics.Column("step")).Select(v => v!.Value).ToArray());
        Assert.Equal([0, 1, 0, 1, 0, 1], Ints(metrics, "member").Select(v => v!.Value).ToArray());
        var l1 = Doubles(metrics, "l1_norm");
        var toInitial = Doubles(metrics, "l1_to_initial");
        var toPrevious = (DoubleArray)metrics.Column("l1_to_previous");
        for (var r = 0; r < 6; r++)
        {
            int m = r % 2, t = 10 * (r / 2);
            Assert.Equal(NetworkNorms.L1(trajectory[m][t]), l1[r], 1e-14);
            Assert.Equal(NetOrbit.Numerics.VectorDistance.L1(trajectory[m][t], trajectory[m][0]), toInitial[r], 1e-14);
            if (t == 0)
            {
                Assert.True(toPrevious.IsNull(r));
                Assert.True(((Int32Array)metrics.Column("sign_changes")).IsNull(r));
            }
            else
            {
                Assert.Equal(NetOrbit.Numerics.VectorDistance.L1(trajectory[m][t], trajectory[m][t - 10]), toPrevious.GetValue(r)!.Value, 1e-14);
            }
        }
    }

    [Fact]
    public void Stage_LayersAndStrengths_OneRowPerMatrixAndNeuronLayer()
    {
        var (output, trajectory, _) = Execute(new GraphOptions { Every = 10 });
        var layers = Single(output, "graph/layers");
        Assert.Equal(6, layers.Length); // one weight matrix
        var sv = (ListArray)layers.Column("singular_values");
        Assert.Equal(2, sv.GetValueLength(0));
        var spectral = Doubles(layers, "spectral_norm");
        var values = (DoubleArray)sv.Values;
        Assert.Equal(values.GetValue(sv.ValueOffsets[0]), spectral[0]);

        var strengths = Single(output, "graph/strengths");
        Assert.Equal(6 * 2, strengths.Length); // inputs and outputs per snapshot
        Assert.Equal([0, 1], Ints(strengths, "neuron_layer").Take(2).Select(v => v!.Value));
        Assert.All(Ints(strengths, "neurons"), n => Assert.Equal(2, n));
        var inStrength = (ListArray)strengths.Column("in_strength");
        var outStrength = (ListArray)strengths.Column("out_strength");
        var outSigned = (ListArray)strengths.Column("out_strength_signed");
        Assert.True(inStrength.IsNull(0)); // input layer
        Assert.True(outStrength.IsNull(1)); // output layer
        Assert.Equal(2, outStrength.GetValueLength(0));
        var w = trajectory[0][0]; // W1 row-major [source, target]: neuron 0 feeds w[0], w[1]; neuron 1 feeds w[2], w[3]
        var outValues = (DoubleArray)outStrength.Values;
        var offset = outStrength.ValueOffsets[0];
        Assert.Equal(Math.Abs(w[0]) + Math.Abs(w[1]), outValues.GetValue(offset)!.Value, 1e-15);
        Assert.Equal(Math.Abs(w[2]) + Math.Abs(w[3]), outValues.GetValue(offset + 1)!.Value, 1e-15);
        Assert.Equal(w[2] + w[3], ((DoubleArray)outSigned.Values).GetValue(outSigned.ValueOffsets[0] + 1)!.Value, 1e-15);
        var inValues = (DoubleArray)inStrength.Values;
        Assert.Equal(Math.Abs(w[1]) + Math.Abs(w[3]), inValues.GetValue(inStrength.ValueOffsets[1] + 1)!.Value, 1e-15); // output neuron 1
    }

    [Fact]
    public void Stage_Weights_PathLengthOverEveryStepAndDisplacement()
    {
        var (output, trajectory, _) = Execute(new GraphOptions { PathEvery = 1 });
        var weights = Single(output, "graph/weights");
        Assert.Equal(2 * 6, weights.Length);
        Assert.Equal("W1[1,0]", ((StringArray)weights.Column("name")).GetString(2));
        Assert.Equal("b1[1]", ((StringArray)weights.Column("name")).GetString(5));
        var path = Doubles(weights, "path_length");
        var displacement = Doubles(weights, "displacement");
        for (var m = 0; m < 2; m++)
        {
            for (var i = 0; i < 6; i++)
            {
                double expected = 0;
                for (var t = 1; t <= Steps; t++)
                {
                    expected += Math.Abs(trajectory[m][t][i] - trajectory[m][t - 1][i]);
                }

                Assert.Equal(expected, path[m * 6 + i], 1e-13);
                var d = Math.Abs(trajectory[m][Steps][i] - trajectory[m][0][i]) / Math.Abs(trajectory[m][0][i]);
                Assert.Equal(d, displacement[m * 6 + i], 1e-14);
            }
        }

        Assert.All(Ints(weights, "path_points"), p => Assert.Equal(Steps + 1, p));
    }

    [Fact]
    public void Stage_DefaultPathGrid_FollowsEveryAndClosesAtFinalNetwork()
    {
        // path grid = every = 10 over 25 steps: points 0, 10, 20 and the final network (step 25).
        var (output, trajectory, _) = Execute(new GraphOptions { Every = 10 });
        var weights = Single(output, "graph/weights");
        Assert.All(Ints(weights, "path_points"), p => Assert.Equal(4, p));
        var expected = Math.Abs(trajectory[0][10][0] - trajectory[0][0][0]) + Math.Abs(trajectory[0][20][0] - trajectory[0][10][0]) + Math.Abs(trajectory[0][25][0] - trajectory[0][20][0]);
        Assert.Equal(expected, Doubles(weights, "path_length")[0], 1e-14);
    }

    [Fact]
    public void Stage_Ablation_ReferenceOnlyWithRatioToBaseline()
    {
        var (output, trajectory, _) = Execute(new GraphOptions());
        var ablation = Single(output, "graph/ablation");
        Assert.Equal(4, ablation.Length); // W1 of member 0
        Assert.All(Ints(ablation, "member"), m => Assert.Equal(0, m));
        var model = new LinearSoftmaxModel(2, 2);
        var data = AblationAndMisclassificationTests.TwoFeatureDataset();
        var final = trajectory[0][^1];
        var baseline = model.Loss(final, data.Train);
        var ratio = Doubles(ablation, "ratio");
        for (var k = 0; k < 4; k++)
        {
            var copy = (double[])final.Clone();
            copy[k] = 0;
            Assert.Equal(model.Loss(copy, data.Train) / baseline, ratio[k], 1e-15);
        }

        Assert.Equal([0, 0, 1, 1], Ints(ablation, "source").Select(v => v!.Value).ToArray());
        Assert.Equal([0, 1, 0, 1], Ints(ablation, "target").Select(v => v!.Value).ToArray());
    }

    [Fact]
    public void Stage_Misclassified_ListsExactlyTheWrongRowsOfEachMember()
    {
        var (output, trajectory, _) = Execute(new GraphOptions { Misclassified = GraphMemberSelection.All });
        var rows = output.Of("graph/misclassified").SelectMany(b =>
            Enumerable.Range(0, b.Length).Select(r => (
                Member: ((Int32Array)b.Column("member")).GetValue(r)!.Value,
                Split: ((StringArray)b.Column("split")).GetString(r),
                Row: ((Int32Array)b.Column("row")).GetValue(r)!.Value))).ToList();
        var model = new LinearSoftmaxModel(2, 2);
        var data = AblationAndMisclassificationTests.TwoFeatureDataset();
        var expected = new List<(int, string, int)>();
        for (var m = 0; m < 2; m++)
        {
            foreach (var (name, split) in new[] { ("train", data.Train), ("test", data.Test) })
            {
                var predicted = new int[split.Count];
                model.Predict(trajectory[m][^1], split, predicted);
                expected.AddRange(Enumerable.Range(0, split.Count).Where(i => predicted[i] != split.Labels[i]).Select(i => (m, name, split.SourceRows[i])));
            }
        }

        Assert.Equal(expected, rows);
    }

    [Fact]
    public void Stage_SameInputsDifferentBatching_GiveIdenticalRows()
    {
        var a = Execute(new GraphOptions(), batchSteps: 26).Output;
        var b = Execute(new GraphOptions(), batchSteps: 26).Output;
        Assert.Equal(a.Bytes(), b.Bytes());

        // Different batch boundaries change how rows are grouped into batches, not their values.
        var c = Execute(new GraphOptions(), batchSteps: 3).Output;
        foreach (var table in new[] { "graph/metrics", "graph/layers", "graph/strengths", "graph/weights" })
        {
            var x = Single(a, table);
            var y = Single(c, table);
            Assert.Equal(x.Length, y.Length);
            for (var i = 0; i < x.ColumnCount; i++)
            {
                if (x.Column(i) is DoubleArray dx)
                {
                    Assert.Equal(dx.ToArray(), ((DoubleArray)y.Column(i)).ToArray());
                }
            }
        }
    }

    [Fact]
    public void Stage_EveryEmittedBatch_HasItsDeclaredSchema()
    {
        var stage = GraphStageFactory.CreateStage(new GraphOptions());
        var output = Execute(new GraphOptions { SingularValues = false }).Output;
        foreach (var (table, batch) in output.Appended)
        {
            var definition = Assert.Single(stage.Tables, t => t.Name == table);
            Assert.Same(definition.Schema, batch.Schema);
        }

        Assert.Equal(6, output.Appended.Select(a => a.Table).Distinct().Count());
        Assert.True(Single(output, "graph/layers").Column("singular_values").IsNull(0));
    }

    [Fact]
    public async Task Stage_Output_RoundTripsThroughArrowFiles()
    {
        var output = Execute(new GraphOptions()).Output;
        var dir = Path.Combine(Path.GetTempPath(), "netorbit-graph-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var definition in GraphTables.All)
            {
                var path = Path.Combine(dir, definition.Name + ".arrow");
                await ArrowTableFile.WriteAsync(path, definition.Schema, output.Of(definition.Name));
                using var stream = File.OpenRead(path);
                using var reader = new Apache.Arrow.Ipc.ArrowFileReader(stream);
                var expected = output.Of(definition.Name).Sum(b => b.Length);
                var rows = 0;
                while (await reader.ReadNextRecordBatchAsync() is { } batch)
                {
                    rows += batch.Length;
                    if (definition.Name == GraphTables.Layers)
                    {
                        var sv = (ListArray)batch.Column("singular_values");
                        Assert.Equal(2, sv.GetValueLength(0));
                    }
                }

                Assert.Equal(expected, rows);
                Assert.Equal(definition.SchemaTag, reader.Schema.Metadata[NetOrbit.Arrow.ArrowMetadata.SchemaKey]);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Stage_SwitchedOffAnalyses_EmitNoRows()
    {
        var output = Execute(new GraphOptions { Strengths = false, Ablation = GraphMemberSelection.None, Misclassified = GraphMemberSelection.None }).Output;
        Assert.Empty(output.Of("graph/strengths"));
        Assert.Empty(output.Of("graph/ablation"));
        Assert.Empty(output.Of("graph/misclassified"));
    }

    [Fact]
    public void StartRun_AblationLayerBeyondNetwork_ThrowsNamingTheOption()
    {
        var model = new LinearSoftmaxModel(2, 2);
        var stage = GraphStageFactory.CreateStage(new GraphOptions { AblationLayer = 1 });
        var ex = Assert.Throws<ArgumentException>(() => stage.Start(StageContext.ForDirectory(".")).StartRun(StageHarness.Run(model.Layout, 1, 5), new RunContext(AblationAndMisclassificationTests.TwoFeatureDataset(), model, ".")));
        Assert.Contains("graph.ablation_layer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_EmptyOptions_GivesDocumentedDefaults()
    {
        var errors = new ConfigErrors();
        using var doc = JsonDocument.Parse("{}");
        var stage = new GraphStageFactory().Create(doc.RootElement, "$.stages.graph", errors);
        Assert.True(errors.IsEmpty);
        Assert.NotNull(stage);
        Assert.Equal("graph", stage.Name);
        Assert.Equal(50, stage.SnapshotInterval); // path_every defaults to every
        var options = new GraphOptions();
        Assert.Equal(50, options.Every);
        Assert.Null(options.PathEvery);
        Assert.Equal(50, options.PathInterval);
        Assert.Equal(0, options.AblationLayer);
        Assert.Equal(GraphMemberSelection.Reference, options.Ablation);
        Assert.Equal(GraphMemberSelection.Reference, options.Misclassified);
        Assert.True(options.SingularValues);
        Assert.True(options.Strengths);
    }

    [Fact]
    public void Factory_AllOptions_AreRead()
    {
        var errors = new ConfigErrors();
        using var doc = JsonDocument.Parse("""{"every": 20, "path_every": 5, "singular_values": false, "strengths": false, "ablation_layer": 1, "ablation": "all", "misclassified": "none"}""");
        var stage = new GraphStageFactory().Create(doc.RootElement, "$.stages.graph", errors);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Errors));
        Assert.Equal(5, stage!.SnapshotInterval);
    }

    [Theory]
    [InlineData("""{"every": 0}""", "$.stages.graph.every")]
    [InlineData("""{"path_every": "x"}""", "$.stages.graph.path_every")]
    [InlineData("""{"path_every": 0}""", "$.stages.graph.path_every")]
    [InlineData("""{"ablation_layer": -1}""", "$.stages.graph.ablation_layer")]
    [InlineData("""{"ablation": "some"}""", "$.stages.graph.ablation")]
    [InlineData("""{"singular_value": true}""", "$.stages.graph.singular_value")]
    public void Factory_BadOption_ReportsItsPathAndReturnsNull(string json, string path)
    {
        var errors = new ConfigErrors();
        using var doc = JsonDocument.Parse(json);
        Assert.Null(new GraphStageFactory().Create(doc.RootElement, "$.stages.graph", errors));
        Assert.Contains(errors.Errors, e => e.Path == path);
    }

    [Fact]
    public void CreateStage_InvalidOptions_ThrowsNamingTheOption()
    {
        var ex = Assert.Throws<ArgumentException>(() => GraphStageFactory.CreateStage(new GraphOptions { Every = 0 }));
        Assert.Contains("graph.every", ex.Message, StringComparison.Ordinal);
    }
}
