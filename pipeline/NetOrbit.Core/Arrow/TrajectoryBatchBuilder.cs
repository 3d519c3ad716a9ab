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
    {
        ArgumentNullException.ThrowIfNull(run);
        _schema = schema;
        _runId = Encoding.UTF8.GetBytes(run.RunId);
        _count = run.Layout.Count;
        _weights = new double[_count * 64];
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
        if (row == _member.Length)
        {
            var size = row * 2;
            System.Array.Resize(ref _member, size);
            System.Array.Resize(ref _step, size);
            System.Array.Resize(ref _loss, size);
            System.Array.Resize(ref _accuracy, size);
            System.Array.Resize(ref _testLoss, size);
            System.Array.Resize(ref _testAccuracy, size);
            System.Array.Resize(ref _weights, size * _count);
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
    public RecordBatch Build()
    {
        var n = _rows;
        var batch = new RecordBatch(
            _schema,
            [
                RepeatedString(_runId, n),
                new Int32Array.Builder().Reserve(n).Append(_member.AsSpan(0, n)).Build(),
                new Int64Array.Builder().Reserve(n).Append(_step.AsSpan(0, n)).Build(),
                new DoubleArray.Builder().Reserve(n).Append(_loss.AsSpan(0, n)).Build(),
                new DoubleArray.Builder().Reserve(n).Append(_accuracy.AsSpan(0, n)).Build(),
                TrajectoryTable.WrapWeights(_weights, n, _count),
                Nullable(_testLoss, n),
                Nullable(_testAccuracy, n),
            ],
            n);
        _rows = 0;
        _weights = new double[_weights.Length]; // the batch owns the old buffer now
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

    /// <summary>A utf8 column holding the same value in every row, built from its two buffers directly.</summary>
    internal static StringArray RepeatedString(byte[] value, int n)
    {
        var offsets = new int[n + 1];
        var data = new byte[value.Length * n];
        for (var i = 0; i < n; i++)
        {
            offsets[i + 1] = (i + 1) * value.Length;
            value.CopyTo(data, i * value.Length);
        }

        return new StringArray(n, new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray()), new ArrowBuffer(data), ArrowBuffer.Empty, 0, 0);
    }
}
