namespace NetOrbit.Pipeline;

/// <summary>
/// Counters the trainers update (thread-safe), reported to the caller's <see cref="IProgress{T}"/>
/// at most once per <see cref="ReportInterval"/> and at every finished run.
/// </summary>
internal sealed class RunProgress(long totalNetworkSteps, int totalRuns, IProgress<ExperimentProgress>? sink = null)
{
    /// <summary>Least time between two reports while runs are in progress.</summary>
    internal static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(100);

    private long _networkSteps;
    private long _keptNetworkSteps;
    private long _coincidentNetworkSteps;
    private int _runs;
    private long _lastReport = Environment.TickCount64;

    public long TotalNetworkSteps { get; } = totalNetworkSteps;

    public int TotalRuns { get; } = totalRuns;

    public long NetworkSteps => Interlocked.Read(ref _networkSteps);

    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Network-steps of the runs kept from an interrupted run.</summary>
    public long KeptNetworkSteps => Interlocked.Read(ref _keptNetworkSteps);

    /// <summary>Network-steps trained by this run (not kept).</summary>
    public long TrainedNetworkSteps => NetworkSteps - KeptNetworkSteps;

    /// <summary>Network-steps of copies that followed their reference bit for bit instead of being trained (<see cref="Training.EnsembleTrainer.CoincidentMemberSteps"/>).</summary>
    public long CoincidentNetworkSteps => Interlocked.Read(ref _coincidentNetworkSteps);

    public void AddCoincident(long networkSteps) => Interlocked.Add(ref _coincidentNetworkSteps, networkSteps);

    public ExperimentProgress Current => new(NetworkSteps, TotalNetworkSteps, Runs, TotalRuns) { KeptNetworkSteps = KeptNetworkSteps };

    /// <summary>Counts <paramref name="runs"/> runs of <paramref name="networkSteps"/> network-steps kept from an interrupted run as done, and reports.</summary>
    public void Keep(int runs, long networkSteps)
    {
        Interlocked.Add(ref _keptNetworkSteps, networkSteps);
        Interlocked.Add(ref _networkSteps, networkSteps);
        Interlocked.Add(ref _runs, runs);
        sink?.Report(Current);
    }

    public void AddSteps(long networkSteps)
    {
        Interlocked.Add(ref _networkSteps, networkSteps);
        if (sink is null)
        {
            return;
        }

        var last = Interlocked.Read(ref _lastReport);
        var now = Environment.TickCount64;
        if (now - last >= ReportInterval.TotalMilliseconds && Interlocked.CompareExchange(ref _lastReport, now, last) == last)
        {
            sink.Report(Current);
        }
    }

    public void RunDone()
    {
        Interlocked.Increment(ref _runs);
        sink?.Report(Current);
    }
}
