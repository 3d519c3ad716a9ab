using NetOrbit.Config;
using NetOrbit.Contracts;
using NetOrbit.Running;
using NetOrbit.Stages;

namespace NetOrbit.Pipeline;

/// <summary>
/// Analysis stages run on recorded trajectories instead of a training run: NetOrbit run directories
/// (their datasets and networks are known, so model-based analyses work) or <c>trajectories/1</c>
/// files written by any tool (for example PyTorch, <c>samples/python/export_pytorch_trajectory.py</c>).
/// </summary>
public sealed class TrajectoryAnalysis
{
    private readonly List<OfflineAnalysis.Item> _items;

    private TrajectoryAnalysis(List<OfflineAnalysis.Item> items, ExperimentConfig? config)
    {
        _items = items;
        Runs = [.. items.Select(i => i.Run)];
        Config = config;
    }

    /// <summary>The runs found, in input order.</summary>
    public IReadOnlyList<RunInfo> Runs { get; }

    /// <summary>The configuration of the (last) run directory among the inputs, or null for loose trajectory files.</summary>
    public ExperimentConfig? Config { get; }

    /// <summary>Resolves run directories, folders of trajectory files and trajectory files, checking every file before any work.</summary>
    /// <exception cref="InputFileException">An input is missing, unreadable or not a trajectory file.</exception>
    public static TrajectoryAnalysis Open(IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var items = OfflineAnalysis.Resolve(inputs, out var config);
        return new TrajectoryAnalysis(items, config);
    }

    /// <summary>Runs <paramref name="stages"/> over every run and writes their tables under <paramref name="outputDirectory"/>.</summary>
    /// <param name="stages">The stages (for example from <see cref="BuiltInStages.CreateCatalog"/>).</param>
    /// <param name="outputDirectory">Where the stage tables go.</param>
    /// <param name="threads">Runs read in parallel, and the thread budget the stages are given; at least 1.</param>
    /// <param name="cancellationToken">Stops the analysis; no stage table is then written.</param>
    /// <exception cref="StageFailedException">A stage threw; the message names it.</exception>
    public async Task RunAsync(IReadOnlyList<IAnalysisStage> stages, string outputDirectory, int threads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var distances = stages.Any(s => s.UsesMemberDistances);
        var stageContext = new StageContext(outputDirectory, threads, cancellationToken);
        var byId = new Dictionary<string, RunInfo>(StringComparer.Ordinal);
        foreach (var item in _items)
        {
            byId.TryAdd(item.Run.RunId, item.Run);
        }

        var consumers = stages
            .Select(s => (IRunConsumer)new StageConsumer(s, stageContext, run => new RunContext(_items[run.Index].Dataset, _items[run.Index].Model.Clone(), outputDirectory), outputDirectory, Arrow.ArrowCompression.None, id => byId.GetValueOrDefault(id)))
            .ToList();
        await ExperimentGraph.RunAsync(_items, (item, token) => OfflineAnalysis.ReadAsync(item, distances, token), consumers, threads, cancellationToken).ConfigureAwait(false);
    }
}
