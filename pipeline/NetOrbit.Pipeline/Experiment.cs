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
    public long TotalNetworkSteps => Plan.Runs.Sum(r => (long)r.Members * r.Steps);

    internal ExperimentPlan Plan { get; }

    /// <summary>
    /// Trains every run and runs every stage, writing the run directory. Files appear complete under
    /// their final names or not at all; a run directory of an earlier run is replaced, any other
    /// non-empty folder is refused. Cancelling keeps the runs that completed.
    /// </summary>
    /// <param name="runDirectory">Where to write (default <c>runs/&lt;name&gt;</c>).</param>
    /// <param name="options">Threads and progress (default: every core, no progress).</param>
    /// <param name="cancellationToken">Stops the run; the task then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="StageFailedException">A stage threw; the message names it.</exception>
    /// <exception cref="IOException">The run directory cannot be written.</exception>
    public async Task<ExperimentResult> RunAsync(string? runDirectory = null, ExperimentRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ExperimentRunOptions();
        if (options.Threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "Threads must be at least 1.");
        }

        var dir = Path.GetFullPath(runDirectory ?? Path.Combine("runs", Name));
        var progress = new RunProgress(TotalNetworkSteps, Runs.Count, options.Progress);
        var clock = Stopwatch.StartNew();
        var results = await ExperimentRunner.RunAsync(Plan, dir, options.Threads, progress, cancellationToken).ConfigureAwait(false);
        return new ExperimentResult(dir, [.. results.OrderBy(r => r.Run.Index)], [.. Plan.Stages.SelectMany(s => s.Tables).Select(t => t.Name)], clock.Elapsed, progress.NetworkSteps);
    }
}
