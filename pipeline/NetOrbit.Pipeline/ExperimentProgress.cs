namespace NetOrbit.Pipeline;

/// <summary>How far a running experiment is: network-steps trained (members x steps) and runs finished, out of the totals.</summary>
/// <param name="NetworkSteps">Network-steps trained so far.</param>
/// <param name="TotalNetworkSteps">Network-steps of the whole experiment.</param>
/// <param name="Runs">Runs finished.</param>
/// <param name="TotalRuns">Runs of the experiment.</param>
public readonly record struct ExperimentProgress(long NetworkSteps, long TotalNetworkSteps, int Runs, int TotalRuns)
{
    /// <summary>Fraction of network-steps done, in [0, 1].</summary>
    public double Fraction => TotalNetworkSteps == 0 ? 1 : (double)NetworkSteps / TotalNetworkSteps;
}
