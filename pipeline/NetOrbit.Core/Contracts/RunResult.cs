namespace NetOrbit.Contracts;

/// <summary>What a finished run reports once all its snapshots have been sent.</summary>
public sealed record RunResult
{
    /// <summary>The run.</summary>
    public required RunInfo Run { get; init; }

    /// <summary>Overall status: diverged when any member diverged.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>Per member: the step at which it diverged, or -1.</summary>
    public required long[] DivergedStep { get; init; }

    /// <summary>Per member: training loss at the last finite step.</summary>
    public required double[] FinalLoss { get; init; }

    /// <summary>Per member: training accuracy at the last finite step.</summary>
    public required double[] FinalAccuracy { get; init; }

    /// <summary>Per member: test accuracy of the final network (NaN when the dataset has no test split).</summary>
    public required double[] FinalTestAccuracy { get; init; }

    /// <summary>Per member: the initial parameter vector W(0) (length P).</summary>
    public required double[][] InitialWeights { get; init; }

    /// <summary>Per member: the final parameter vector (length P; the last finite one for a diverged member).</summary>
    public required double[][] FinalWeights { get; init; }

    /// <summary>Wall time of the run in seconds.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Error message when <see cref="Status"/> is <see cref="RunStatus.Failed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The earliest step at which any member diverged, or -1.</summary>
    public long FirstDivergedStep => DivergedStep.Where(s => s >= 0).DefaultIfEmpty(-1).Min();
}
