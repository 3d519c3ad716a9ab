using System.Buffers;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Tests.Graph;

namespace NetOrbit.Tests.Pipeline;

public sealed class TrajectoryBatchBuilderTests
{
    [Fact]
    public void BuildSnapshots_PooledBuilder_SameRowsAsPlainBuilderAndBufferReturnedOnDispose()
    {
        var run = StageHarness.Run(ParameterLayout.ForLayers([2, 3, 2]), members: 3, steps: 100);
        var schema = TrajectoryTable.CreateSchema(run.Layout);
        var pool = new RecordingPool();
        var pooled = new TrajectoryBatchBuilder(run, schema, pool);
        var plain = new TrajectoryBatchBuilder(run, schema);
        var p = run.Layout.Count;

        // 100 rows forces the builder to grow past its initial 64 rows.
        for (var i = 0; i < 100; i++)
        {
            var w = Enumerable.Range(0, p).Select(k => i * 100.0 + k).ToArray();
            double? test = i % 7 == 0 ? i : null;
            pooled.Append(i % 3, i / 3, i * 0.5, i * 0.25, w, test, test);
            plain.Append(i % 3, i / 3, i * 0.5, i * 0.25, w, test, test);
        }

        var batch = pooled.BuildSnapshots();
        var expected = new SnapshotBatch(run, plain.Build());
        Assert.Equal(expected.Length, batch.Length);
        for (var row = 0; row < batch.Length; row++)
        {
            Assert.Equal(expected.Member(row), batch.Member(row));
            Assert.Equal(expected.Step(row), batch.Step(row));
            Assert.Equal(expected.Loss(row), batch.Loss(row));
            Assert.Equal(expected.TestLoss(row), batch.TestLoss(row));
            Assert.Equal(expected.Weights(row).ToArray(), batch.Weights(row).ToArray());
        }

        var returnedBefore = pool.Returned.Count;
        batch.Dispose();
        Assert.Equal(returnedBefore + 1, pool.Returned.Count);
        Assert.Equal(0, pooled.Length);
    }

    private sealed class RecordingPool : ArrayPool<double>
    {
        public List<double[]> Returned { get; } = [];

        public override double[] Rent(int minimumLength) => new double[minimumLength + 5];

        public override void Return(double[] array, bool clearArray = false) => Returned.Add(array);
    }
}
