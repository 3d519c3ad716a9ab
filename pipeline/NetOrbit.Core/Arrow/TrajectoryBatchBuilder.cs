using Apache.Arrow;
using NetOrbit.Contracts;

namespace NetOrbit.Arrow;

/// <summary>Accumulates snapshot rows of one run and builds <c>trajectories/1</c> record batches.</summary>
public sealed class TrajectoryBatchBuilder
{
    private readonly Schema _schema;
    private readonly string _runId;
    private readonly int _count;
    private readonly List<int> _member = [];
    private readonly List<long> _step = [];
    private readonly List<double> _loss = [];
    private readonly List<double> _accuracy = [];
    private readonly List<double?> _testLoss = [];
    private readonly List<double?> _testAccuracy = [];
    private double[] _weights;

    /// <summary>Creates a builder for <paramref name="run"/> with the schema of <see cref="TrajectoryTable.CreateSchema"/>.</summary>
    public TrajectoryBatchBuilder(RunInfo run, Schema schema)
    {
        ArgumentNullException.ThrowIfNull(run);
        _schema = schema;
        _runId = run.RunId;
        _count = run.Layout.Count;
        _weights = new double[_count * 64];
    }

    /// <summary>Rows appended since the last <see cref="Build"/>.</summary>
    public int Length => _member.Count;

    /// <summary>Appends one snapshot row.</summary>
    public void Append(int member, long step, double loss, double accuracy, ReadOnlySpan<double> weights, double? testLoss, double? testAccuracy)
    {
        if (weights.Length != _count)
        {
            throw new ArgumentException($"expected {_count} weights, got {weights.Length}", nameof(weights));
        }

        var row = _member.Count;
        if ((row + 1) * _count > _weights.Length)
        {
            System.Array.Resize(ref _weights, _weights.Length * 2);
        }

        weights.CopyTo(_weights.AsSpan(row * _count));
        _member.Add(member);
        _step.Add(step);
        _loss.Add(loss);
        _accuracy.Add(accuracy);
        _testLoss.Add(testLoss);
        _testAccuracy.Add(testAccuracy);
    }

    /// <summary>Appends row <paramref name="row"/> of <paramref name="batch"/>.</summary>
    public void Append(SnapshotBatch batch, int row) =>
        Append(batch.Member(row), batch.Step(row), batch.Loss(row), batch.Accuracy(row), batch.Weights(row), batch.TestLoss(row), batch.TestAccuracy(row));

    /// <summary>Builds a record batch of the rows appended so far and clears the builder.</summary>
    public RecordBatch Build()
    {
        var n = _member.Count;
        var runIds = new StringArray.Builder();
        for (var i = 0; i < n; i++)
        {
            runIds.Append(_runId);
        }

        var testLoss = new DoubleArray.Builder();
        var testAcc = new DoubleArray.Builder();
        for (var i = 0; i < n; i++)
        {
            testLoss.Append(_testLoss[i]);
            testAcc.Append(_testAccuracy[i]);
        }

        var batch = new RecordBatch(
            _schema,
            [
                runIds.Build(),
                new Int32Array.Builder().AppendRange(_member).Build(),
                new Int64Array.Builder().AppendRange(_step).Build(),
                new DoubleArray.Builder().AppendRange(_loss).Build(),
                new DoubleArray.Builder().AppendRange(_accuracy).Build(),
                TrajectoryTable.BuildWeights(_weights.AsSpan(0, n * _count), _count),
                testLoss.Build(),
                testAcc.Build(),
            ],
            n);
        _member.Clear();
        _step.Clear();
        _loss.Clear();
        _accuracy.Clear();
        _testLoss.Clear();
        _testAccuracy.Clear();
        return batch;
    }
}
