using NetOrbit.Contracts;

namespace NetOrbit.Pipeline;

/// <summary>What <see cref="Experiment.RunAsync"/> wrote: the run directory and every run's result.</summary>
public sealed class ExperimentResult
{
    internal ExperimentResult(string runDirectory, IReadOnlyList<RunResult> runs, IReadOnlyList<string> tables, TimeSpan elapsed, long networkSteps, int runCount, int diverged, int kept, int replayedReferences, long coincidentNetworkSteps)
    {
        CoincidentNetworkSteps = coincidentNetworkSteps;
        ReplayedReferences = replayedReferences;
        RunCount = runCount;
        Diverged = diverged;
        KeptRuns = kept;
        RunDirectory = runDirectory;
        Runs = runs;
        Tables = tables;
        Elapsed = elapsed;
        NetworkSteps = networkSteps;
    }

    /// <summary>The run directory (full path): manifest.json, runs.arrow, datasets/, trajectories/, one folder per stage.</summary>
    public string RunDirectory { get; }

    /// <summary>
    /// One result per run trained by this call, in grid order (status, divergence, final loss and
    /// accuracies; the weight vectors are left out: they are in the trajectories). Runs kept from an
    /// interrupted directory by <see cref="ExperimentRunOptions.Resume"/> are not here (they are in
    /// <c>runs.arrow</c>), and none are when <see cref="ExperimentRunOptions.KeepRunResults"/> is false.
    /// </summary>
    public IReadOnlyList<RunResult> Runs { get; }

    /// <summary>Runs in the run directory's <c>runs.arrow</c> (the grid, or the shard).</summary>
    public int RunCount { get; }

    /// <summary>Runs kept from an interrupted run directory rather than trained by this call.</summary>
    public int KeptRuns { get; }

    /// <summary>Names of the stage tables written (e.g. <c>lyapunov/summary</c>); <see cref="TablePath"/> gives their files.</summary>
    public IReadOnlyList<string> Tables { get; }

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>
    /// Network-steps trained by this call (members x steps over every run trained; runs kept by a resume are not counted;
    /// a replayed reference's steps are counted, see <see cref="ReplayedReferences"/>).
    /// </summary>
    public long NetworkSteps { get; }

    /// <summary>
    /// Runs whose reference network was not trained but replayed from another run of the same initial condition and
    /// learning rate (runs that differ only in eps, full-batch training): the same values, bit for bit, and one member
    /// fewer to train. How many replay depends on timing (a run that starts while the reference is still being
    /// recorded trains its own).
    /// </summary>
    public int ReplayedReferences { get; }

    /// <summary>
    /// Network-steps (counted in <see cref="NetworkSteps"/>) of copies that held their reference's weights bit for bit and
    /// so followed it instead of being trained: the same values, bit for bit. At eps below half an ulp of the weights
    /// (1e-18 for N(0, 1) networks) most copies start on their reference.
    /// </summary>
    public long CoincidentNetworkSteps { get; }

    /// <summary>Runs in which a member's loss or weights became non-finite (over all of <c>runs.arrow</c>).</summary>
    public int Diverged { get; }

    /// <summary>The Arrow file of a table of this run: <c>runs</c>, <c>datasets/iris</c>, <c>lyapunov/summary</c>, ...</summary>
    public string TablePath(string table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        return Path.Combine(RunDirectory, table.Replace('/', Path.DirectorySeparatorChar) + ".arrow");
    }
}
