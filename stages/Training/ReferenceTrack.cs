namespace NetOrbit.Training;

/// <summary>
/// The reference's (member 0's) state after every step of one training: its weights W(t+1), the loss and accuracy at
/// W(t), and its divergence step. Recorded by one <see cref="EnsembleTrainer"/> (<see cref="EnsembleTrainer.RecordReference"/>)
/// and replayed by another whose reference starts from the same weights on the same data with the same optimiser and
/// learning rate (<see cref="EnsembleTrainer.ReplayReference"/>): members train independently, so the replayed reference
/// has exactly the bits the second trainer would have computed, and that trainer trains only the copies. A sweep over
/// eps trains each initial condition's reference once instead of once per eps.
/// </summary>
public sealed class ReferenceTrack
{
    private readonly double[] _initial;
    private readonly double[] _weights;
    private readonly double[] _losses;
    private readonly double[] _accuracies;
    private readonly long[] _diverged;

    internal ReferenceTrack(ReadOnlySpan<double> initial, long steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 0);
        _initial = initial.ToArray();
        _weights = new double[checked((int)(steps * initial.Length))];
        _losses = new double[steps];
        _accuracies = new double[steps];
        _diverged = new long[steps];
    }

    /// <summary>Parameters per network.</summary>
    public int ParameterCount => _initial.Length;

    /// <summary>Steps the track was sized for.</summary>
    public long Capacity => _losses.Length;

    /// <summary>Steps recorded so far; the track is complete when this equals <see cref="Capacity"/>.</summary>
    public long Steps { get; private set; }

    /// <summary>True when every step the track was sized for is recorded.</summary>
    public bool IsComplete => Steps == Capacity;

    /// <summary>Bytes a track of <paramref name="steps"/> steps of <paramref name="parameters"/> parameters holds.</summary>
    public static long SizeInBytes(int parameters, long steps) => ((steps + 1) * parameters + (3 * steps)) * sizeof(double);

    /// <summary>The reference's weights W(0) the track starts from.</summary>
    internal ReadOnlySpan<double> Initial => _initial;

    internal void Append(double loss, double accuracy, long diverged, ReadOnlySpan<double> weights)
    {
        if (Steps == Capacity)
        {
            throw new InvalidOperationException($"The reference track holds {Capacity} steps; it cannot record more.");
        }

        var t = (int)Steps;
        _losses[t] = loss;
        _accuracies[t] = accuracy;
        _diverged[t] = diverged;
        weights.CopyTo(_weights.AsSpan(t * ParameterCount, ParameterCount));
        Steps = t + 1;
    }

    internal void Read(long step, out double loss, out double accuracy, out long diverged, Span<double> weights)
    {
        if (step >= Steps)
        {
            throw new InvalidOperationException($"The reference track holds {Steps} steps; step {step} was asked for.");
        }

        var t = (int)step;
        loss = _losses[t];
        accuracy = _accuracies[t];
        diverged = _diverged[t];
        _weights.AsSpan(t * ParameterCount, ParameterCount).CopyTo(weights);
    }
}
