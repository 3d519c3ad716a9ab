namespace NetOrbit.Pipeline;

/// <summary>
/// How far a running experiment is: network-steps trained (members x steps) and runs finished, out of
/// the totals. A resumed run counts the runs kept from the interrupted one as done from its first
/// report on (<see cref="KeptNetworkSteps"/> of the steps are theirs).
/// </summary>
/// <param name="NetworkSteps">Network-steps done so far, the kept runs' included.</param>
/// <param name="TotalNetworkSteps">Network-steps of the whole experiment.</param>
/// <param name="Runs">Runs finished, the kept runs included.</param>
/// <param name="TotalRuns">Runs of the experiment.</param>
public readonly record struct ExperimentProgress(long NetworkSteps, long TotalNetworkSteps, int Runs, int TotalRuns)
{
    /// <summary>Fraction of network-steps done, in [0, 1].</summary>
    public double Fraction => TotalNetworkSteps == 0 ? 1 : (double)NetworkSteps / TotalNetworkSteps;

    /// <summary>Network-steps of the runs kept from an interrupted run (0 unless resumed): done before this run started, so not part of its speed.</summary>
    public long KeptNetworkSteps { get; init; }
}
