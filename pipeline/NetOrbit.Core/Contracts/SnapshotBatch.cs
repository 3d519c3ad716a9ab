using Apache.Arrow;
using NetOrbit.Arrow;

namespace NetOrbit.Contracts;

/// <summary>
/// A block of consecutive snapshots of one run as an Arrow record batch with the
/// <c>trajectories/1</c> schema, rows ordered by step then member. Members that have diverged
/// stop appearing. The batch is shared read-only by every consumer of the fan-out; the
/// pipeline disposes it after the last consumer is done.
/// </summary>
public sealed class SnapshotBatch
{
    private readonly Int32Array _member;
    private readonly Int64Array _step;
    private readonly DoubleArray _loss;
    private readonly DoubleArray _accuracy;
    private readonly DoubleArray _weights;
    private readonly DoubleArray _testLoss;
    private readonly DoubleArray _testAccuracy;
    private readonly Action? _onDisposed;
    private int _pending;

    /// <summary>Wraps <paramref name="batch"/> (schema <c>trajectories/1</c>) of run <paramref name="run"/>.</summary>
    public SnapshotBatch(RunInfo run, RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(batch);
        Run = run;
        Batch = batch;
        _member = (Int32Array)batch.Column(TrajectoryTable.MemberColumn);
        _step = (Int64Array)batch.Column(TrajectoryTable.StepColumn);
        _loss = (DoubleArray)batch.Column(TrajectoryTable.LossColumn);
        _accuracy = (DoubleArray)batch.Column(TrajectoryTable.AccuracyColumn);
        _weights = (DoubleArray)((FixedSizeListArray)batch.Column(TrajectoryTable.WeightsColumn)).Values;
        _testLoss = (DoubleArray)batch.Column(TrajectoryTable.TestLossColumn);
        _testAccuracy = (DoubleArray)batch.Column(TrajectoryTable.TestAccuracyColumn);
        ParameterCount = run.Layout.Count;
    }

    /// <summary>A batch whose buffers are recycled by <paramref name="onDisposed"/> once the pipeline disposes it.</summary>
    internal SnapshotBatch(RunInfo run, RecordBatch batch, Action onDisposed)
        : this(run, batch)
    {
        _onDisposed = onDisposed;
    }

    /// <summary>The run the snapshots belong to.</summary>
    public RunInfo Run { get; }

    /// <summary>The Arrow record batch (schema <c>trajectories/1</c>).</summary>
    public RecordBatch Batch { get; }

    /// <summary>Number of snapshot rows.</summary>
    public int Length => Batch.Length;

    /// <summary>Parameters per snapshot.</summary>
    public int ParameterCount { get; }

    /// <summary>Member of row <paramref name="row"/> (0 = reference).</summary>
    public int Member(int row) => _member.Values[row];

    /// <summary>Step of row <paramref name="row"/> (0 = initial network).</summary>
    public long Step(int row) => _step.Values[row];

    /// <summary>Training loss at the snapshot's weights.</summary>
    public double Loss(int row) => _loss.Values[row];

    /// <summary>Training accuracy at the snapshot's weights.</summary>
    public double Accuracy(int row) => _accuracy.Values[row];

    /// <summary>Test loss, or null where not evaluated at this step.</summary>
    public double? TestLoss(int row) => _testLoss.GetValue(row);

    /// <summary>Test accuracy, or null where not evaluated at this step.</summary>
    public double? TestAccuracy(int row) => _testAccuracy.GetValue(row);

    /// <summary>The parameter vector of row <paramref name="row"/> (length P, layout of <see cref="RunInfo.Layout"/>).</summary>
    public ReadOnlySpan<double> Weights(int row) => _weights.Values.Slice(row * ParameterCount, ParameterCount);

    internal void SetConsumers(int count) => _pending = count;

    /// <summary>Called by the pipeline when one consumer is done; the last one disposes the batch.</summary>
    internal void Release()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            Dispose();
        }
    }

    /// <summary>Disposes the record batch and hands its buffers back; no consumer may read the batch afterwards.</summary>
    internal void Dispose()
    {
        Batch.Dispose();
        _onDisposed?.Invoke();
    }
}
