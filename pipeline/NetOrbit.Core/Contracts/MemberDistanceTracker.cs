namespace NetOrbit.Contracts;

/// <summary>
/// Computes member distances from recorded snapshot batches (rows ordered by step, then member):
/// a step's distances are complete once a later step begins, so a step split across two batches
/// still yields one entry. Steps without a reference row yield no entry.
/// </summary>
public sealed class MemberDistanceTracker
{
    private readonly MemberDistanceBuilder _builder;
    private readonly double[] _reference;
    private long _referenceStep = -1;

    /// <summary>A tracker for <paramref name="run"/>.</summary>
    public MemberDistanceTracker(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _builder = new MemberDistanceBuilder(run);
        _reference = new double[run.Layout.Count];
    }

    /// <summary>Consumes <paramref name="batch"/>; returns the entries of the steps it completed, or null.</summary>
    public MemberDistanceBatch? Add(SnapshotBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (var row = 0; row < batch.Length; row++)
        {
            var step = batch.Step(row);
            var member = batch.Member(row);
            if (member == 0)
            {
                if (step != _builder.LastStep)
                {
                    _builder.AddStep(step);
                }

                batch.Weights(row).CopyTo(_reference);
                _referenceStep = step;
            }
            else if (step == _referenceStep && member < batch.Run.Members)
            {
                _builder.Set(member, _reference, batch.Weights(row));
            }
        }

        return _builder.BuildAllButLast();
    }

    /// <summary>The entries not yet returned (the last step), or null.</summary>
    public MemberDistanceBatch? Flush() => _builder.Length > 0 ? _builder.Build() : null;
}
