namespace NetOrbit.Contracts;

/// <summary>
/// The distances between every member of one run and its reference (member 0) at a block of
/// consecutive recorded steps, in the L1 (the paper's) and L2 norms. The trainer computes them
/// from its own buffers at every step, so stages that measure divergence (those whose
/// <see cref="Stages.IAnalysisStage.UsesMemberDistances"/> is true) do not need every step's
/// snapshots; offline, the reader computes them from the recorded snapshots. Both paths use
/// <see cref="MemberDistanceBuilder"/>, so the values are the same bits.
/// </summary>
public sealed class MemberDistanceBatch
{
    private readonly long[] _steps;
    private readonly double[] _l1;
    private readonly double[] _l2;

    internal MemberDistanceBatch(RunInfo run, long[] steps, double[] l1, double[] l2, int length)
    {
        Run = run;
        _steps = steps;
        _l1 = l1;
        _l2 = l2;
        Length = length;
    }

    /// <summary>The run.</summary>
    public RunInfo Run { get; }

    /// <summary>Number of steps in the batch.</summary>
    public int Length { get; }

    /// <summary>Members per step (the run's <see cref="RunInfo.Members"/>, reference included).</summary>
    public int Members => Run.Members;

    /// <summary>Step of entry <paramref name="index"/> (ascending).</summary>
    public long Step(int index) => _steps[index];

    /// <summary>sum |w_m - w_0| at entry <paramref name="index"/>; NaN where the member or the reference is absent (diverged, or not recorded).</summary>
    public double L1(int index, int member) => _l1[(index * Members) + member];

    /// <summary>||w_m - w_0||_2 at entry <paramref name="index"/>; NaN where the member or the reference is absent.</summary>
    public double L2(int index, int member) => _l2[(index * Members) + member];

    /// <summary>
    /// The entries <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> - 1
    /// as a batch of their own (a copy), for tools that re-batch the stream, such as the conformance kit.
    /// </summary>
    public MemberDistanceBatch Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Length);
        return new MemberDistanceBatch(
            Run,
            _steps.AsSpan(start, length).ToArray(),
            _l1.AsSpan(start * Members, length * Members).ToArray(),
            _l2.AsSpan(start * Members, length * Members).ToArray(),
            length);
    }
}
