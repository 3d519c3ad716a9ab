using NetOrbit.Contracts;

namespace NetOrbit.Pipeline;

/// <summary>What <see cref="Experiment.RunAsync"/> wrote: the run directory and every run's result.</summary>
public sealed class ExperimentResult
{
    internal ExperimentResult(string runDirectory, IReadOnlyList<RunResult> runs, IReadOnlyList<string> tables, TimeSpan elapsed, long networkSteps)
    {
        RunDirectory = runDirectory;
        Runs = runs;
        Tables = tables;
        Elapsed = elapsed;
        NetworkSteps = networkSteps;
    }

    /// <summary>The run directory (full path): manifest.json, runs.arrow, datasets/, trajectories/, one folder per stage.</summary>
    public string RunDirectory { get; }

    /// <summary>One result per run, in grid order (status, divergence, final loss and accuracies).</summary>
    public IReadOnlyList<RunResult> Runs { get; }

    /// <summary>Names of the stage tables written (e.g. <c>lyapunov/summary</c>); <see cref="TablePath"/> gives their files.</summary>
    public IReadOnlyList<string> Tables { get; }

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Network-steps trained (members x steps over every run).</summary>
    public long NetworkSteps { get; }

    /// <summary>Runs in which a member's loss or weights became non-finite.</summary>
    public int Diverged => Runs.Count(r => r.Status == RunStatus.Diverged);

    /// <summary>The Arrow file of a table of this run: <c>runs</c>, <c>datasets/iris</c>, <c>lyapunov/summary</c>, ...</summary>
    public string TablePath(string table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        return Path.Combine(RunDirectory, table.Replace('/', Path.DirectorySeparatorChar) + ".arrow");
    }
}
