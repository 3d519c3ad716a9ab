namespace NetOrbit.Cli.Experiments;

/// <summary>Counters the trainers update and the console polls (thread-safe).</summary>
internal sealed class RunProgress(long totalNetworkSteps, int totalRuns)
{
    private long _networkSteps;
    private int _runs;

    public long TotalNetworkSteps { get; } = totalNetworkSteps;

    public int TotalRuns { get; } = totalRuns;

    public long NetworkSteps => Interlocked.Read(ref _networkSteps);

    public int Runs => Volatile.Read(ref _runs);

    public void AddSteps(long networkSteps) => Interlocked.Add(ref _networkSteps, networkSteps);

    public void RunDone() => Interlocked.Increment(ref _runs);
}
