using System.Diagnostics;
using NetOrbit.Config;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Pipeline;

/// <summary>
/// A validated experiment, ready to run: its configuration, its stages and the grid of runs
/// (dataset x learning rate x initial condition x epsilon). Made by <see cref="ExperimentBuilder.Build"/>.
/// </summary>
public sealed class Experiment
{
    internal Experiment(ExperimentPlan plan) => Plan = plan;

    /// <summary>The experiment's name (the default run directory is <c>runs/&lt;name&gt;</c>).</summary>
    public string Name => Plan.Config.Name;

    /// <summary>The resolved configuration, every default filled in.</summary>
    public ExperimentConfig Config => Plan.Config;

    /// <summary>The analysis stages that will run, configured ones first, then added instances.</summary>
    public IReadOnlyList<IAnalysisStage> Stages => Plan.Stages;

    /// <summary>The runs, in grid order.</summary>
    public IReadOnlyList<RunInfo> Runs => Plan.Runs;

    /// <summary>Network-steps the experiment trains (members x steps over every run).</summary>
    public long TotalNetworkSteps => Plan.NetworkSteps(0, Plan.Runs.Count);

    internal ExperimentPlan Plan { get; }

    /// <summary>
    /// Trains every run (or the runs of <see cref="ExperimentRunOptions.Shard"/>) and runs every stage,
    /// writing the run directory. Files appear complete under their final names or not at all; a run
    /// directory of an earlier run is replaced (unless <see cref="ExperimentRunOptions.Resume"/>), any
    /// other non-empty folder is refused. Cancelling or killing the process keeps the runs whose rows
    /// were committed, for a later run with <see cref="ExperimentRunOptions.Resume"/>.
    /// </summary>
    /// <param name="runDirectory">Where to write (default <c>runs/&lt;name&gt;</c>).</param>
    /// <param name="options">Threads and progress (default: every core, no progress).</param>
    /// <param name="cancellationToken">Stops the run; the task then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="StageFailedException">A stage threw; the message names it.</exception>
    /// <exception cref="IOException">The run directory cannot be written.</exception>
    /// <exception cref="InputFileException">Resuming a run directory of another configuration or shard.</exception>
    /// <exception cref="ArgumentException">The shard holds no run (more shards than runs).</exception>
    public async Task<ExperimentResult> RunAsync(string? runDirectory = null, ExperimentRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ExperimentRunOptions();
        if (options.Threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "Threads must be at least 1.");
        }

        var dir = Path.GetFullPath(runDirectory ?? Path.Combine("runs", Name));
        var (first, count) = options.Shard?.Range(Runs.Count) ?? (0, Runs.Count);
        var steps = Plan.NetworkSteps(first, count);
        var progress = new RunProgress(steps, count, options.Progress);
        var clock = Stopwatch.StartNew();
        var outcome = await ExperimentRunner.RunAsync(Plan, dir, options.Threads, progress, cancellationToken, options).ConfigureAwait(false);
        return new ExperimentResult(dir, outcome.Results, [.. Plan.Stages.SelectMany(s => s.Tables).Select(t => t.Name)], clock.Elapsed, progress.TrainedNetworkSteps, outcome.RunCount, outcome.Diverged, outcome.Kept, outcome.ReplayedReferences, progress.CoincidentNetworkSteps);
    }
}
