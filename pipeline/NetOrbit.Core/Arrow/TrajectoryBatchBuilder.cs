using System.Buffers;
using System.Text;
using Apache.Arrow;
using NetOrbit.Contracts;

namespace NetOrbit.Arrow;

/// <summary>
/// Accumulates snapshot rows of one run in plain arrays and builds <c>trajectories/1</c> record
/// batches with one bulk copy per column (this sits on the trainer's hot path when stages ask for
/// every step).
/// </summary>
public sealed class TrajectoryBatchBuilder
{
    private readonly Schema _schema;
    private readonly RunInfo _run;
    private readonly ArrayPool<double>? _weightPool;
    private readonly byte[] _runId;
    private readonly int _count;
    private int[] _member = new int[64];
    private long[] _step = new long[64];
    private double[] _loss = new double[64];
    private double[] _accuracy = new double[64];
    private double?[] _testLoss = new double?[64];
    private double?[] _testAccuracy = new double?[64];
    private double[] _weights;
    private int _rows;

    /// <summary>Creates a builder for <paramref name="run"/> with the schema of <see cref="TrajectoryTable.CreateSchema"/>.</summary>
    public TrajectoryBatchBuilder(RunInfo run, Schema schema)
        : this(run, schema, null)
    {
    }

    /// <summary>
    /// A builder whose weight buffers come from <paramref name="weightPool"/> and go back to it when
    /// the batches of <see cref="BuildSnapshots"/> are disposed. A fresh buffer per batch costs more
    /// than the training step at every-step snapshots: each one is a large-object-heap allocation
    /// whose pages fault in again as the rows are written.
    /// </summary>
    internal TrajectoryBatchBuilder(RunInfo run, Schema schema, ArrayPool<double>? weightPool, int rowsPerBatch = 64)
    {
        ArgumentNullException.ThrowIfNull(run);
        _schema = schema;
        _run = run;
        _weightPool = weightPool;
        _runId = Encoding.UTF8.GetBytes(run.RunId);
        _count = run.Layout.Count;
        var rows = Math.Max(1, rowsPerBatch);
        _member = new int[rows];
        _step = new long[rows];
        _loss = new double[rows];
        _accuracy = new double[rows];
        _testLoss = new double?[rows];
        _testAccuracy = new double?[rows];
        _weights = NewWeights(_count * rows);
    }

    /// <summary>Rows appended since the last <see cref="Build"/>.</summary>
    public int Length => _rows;

    /// <summary>Appends one snapshot row.</summary>
    public void Append(int member, long step, double loss, double accuracy, ReadOnlySpan<double> weights, double? testLoss, double? testAccuracy)
    {
        if (weights.Length != _count)
        {
            throw new ArgumentException($"expected {_count} weights, got {weights.Length}", nameof(weights));
        }

        var row = _rows;
        if (row == _member.Length || (row + 1) * _count > _weights.Length)
        {
            var size = row * 2;
            System.Array.Resize(ref _member, size);
            System.Array.Resize(ref _step, size);
            System.Array.Resize(ref _loss, size);
            System.Array.Resize(ref _accuracy, size);
            System.Array.Resize(ref _testLoss, size);
            System.Array.Resize(ref _testAccuracy, size);
            var grown = NewWeights(size * _count);
            _weights.AsSpan(0, row * _count).CopyTo(grown);
            _weightPool?.Return(_weights);
            _weights = grown;
        }

        weights.CopyTo(_weights.AsSpan(row * _count));
        _member[row] = member;
        _step[row] = step;
        _loss[row] = loss;
        _accuracy[row] = accuracy;
        _testLoss[row] = testLoss;
        _testAccuracy[row] = testAccuracy;
        _rows = row + 1;
    }

    /// <summary>Appends row <paramref name="row"/> of <paramref name="batch"/>.</summary>
    public void Append(SnapshotBatch batch, int row) =>
        Append(batch.Member(row), batch.Step(row), batch.Loss(row), batch.Accuracy(row), batch.Weights(row), batch.TestLoss(row), batch.TestAccuracy(row));

    /// <summary>Builds a record batch of the rows appended so far and clears the builder.</summary>
    public RecordBatch Build() => Build(out _);

    /// <summary>
    /// Builds the rows appended so far as a <see cref="SnapshotBatch"/> whose weight buffer returns
    /// to the builder's pool when the pipeline disposes the batch.
    /// </summary>
    internal SnapshotBatch BuildSnapshots()
    {
        var pool = _weightPool;
        var batch = Build(out var weights);
        return pool is null ? new SnapshotBatch(_run, batch) : new SnapshotBatch(_run, batch, () => pool.Return(weights));
    }

    private double[] NewWeights(int length) => _weightPool?.Rent(length) ?? new double[length];

    private RecordBatch Build(out double[] weights)
    {
        var n = _rows;
        var batch = new RecordBatch(
            _schema,
            [
                ArrowColumns.RepeatedUtf8(_runId, n),
                ArrowColumns.Int32(_member.AsSpan(0, n)),
                ArrowColumns.Int64(_step.AsSpan(0, n)),
                ArrowColumns.Float64(_loss.AsSpan(0, n)),
                ArrowColumns.Float64(_accuracy.AsSpan(0, n)),
                TrajectoryTable.WrapWeights(_weights, n, _count),
                Nullable(_testLoss, n),
                Nullable(_testAccuracy, n),
            ],
            n);
        _rows = 0;
        weights = _weights; // the batch owns the old buffer now
        _weights = NewWeights(_weights.Length);
        return batch;
    }

    private static DoubleArray Nullable(double?[] values, int n)
    {
        var builder = new DoubleArray.Builder().Reserve(n);
        for (var i = 0; i < n; i++)
        {
            builder.Append(values[i]);
        }

        return builder.Build();
    }
}
