using Apache.Arrow;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Running;

/// <summary>
/// Runs one analysis stage inside the graph: the stage's experiment state, per-run state, delivery of
/// the snapshots on the stage's interval only, schema checks, run-ordered tables.
/// </summary>
internal sealed class StageConsumer : IRunConsumer
{
    private readonly IAnalysisStage _stage;
    private readonly StageContext _stageContext;
    private readonly Func<RunInfo, RunContext> _context;
    private readonly RunOrderedTables _tables;
    private readonly Dictionary<int, (IStageRun Run, Output Output)> _runs = [];
    private readonly Func<string, RunInfo?> _runLookup;
    private readonly bool _resumed;
    private IStageExperiment? _experiment;

    /// <param name="stage">The stage blueprint.</param>
    /// <param name="stageContext">The experiment's output directory, thread budget and cancellation.</param>
    /// <param name="context">The run's data and model; its thread budget and token are set from <paramref name="stageContext"/>.</param>
    /// <param name="directory">Where the stage's tables go.</param>
    /// <param name="compression">Arrow compression of the tables.</param>
    /// <param name="runs">The run with a given id, for <see cref="IStageSummary.Summarize"/>.</param>
    /// <param name="parts">Where per-run rows go until the experiment completes (null: straight into the tables).</param>
    /// <param name="startPosition">With <paramref name="parts"/>: the first grid position still to write (earlier runs were kept from an interrupted run).</param>
    public StageConsumer(IAnalysisStage stage, StageContext stageContext, Func<RunInfo, RunContext> context, string directory, ArrowCompression compression, Func<string, RunInfo?> runs, RunParts? parts = null, int startPosition = 0)
    {
        _stage = stage;
        _stageContext = stageContext;
        _runLookup = runs;
        _resumed = startPosition > 0;
        _context = run => context(run) with { Threads = stageContext.Threads, CancellationToken = stageContext.CancellationToken };
        foreach (var t in stage.Tables)
        {
            if (!t.Name.StartsWith(stage.Name + "/", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"stage '{stage.Name}' declares table '{t.Name}': table names must start with '{stage.Name}/'");
            }

            // Table names become paths under the output directory: no '..', no absolute or hidden parts.
            if (t.Name.Split('/').Any(part => part.Length == 0 || part[0] == '.' || part.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))))
            {
                throw new InvalidOperationException($"stage '{stage.Name}' declares table '{t.Name}': each part of a table name must be letters, digits, '_', '-' or '.', not starting with '.'");
            }
        }

        SummaryTables = SummaryTablesOf(stage);
        if (_resumed && stage is not IStageSummary)
        {
            // Started now, before any run, so that a stage which cannot be resumed is refused up front.
            _experiment = stage.Start(stageContext);
        }

        _tables = parts is null
            ? new RunOrderedTables(stage.Name, directory, stage.Tables, compression)
            : new RunOrderedTables(stage.Name, directory, stage.Tables, compression, parts, startPosition);
    }

    /// <summary>The tables <paramref name="stage"/> computes from its per-run tables (<see cref="IStageSummary"/>), checked against its declared tables.</summary>
    public static IReadOnlyList<string> SummaryTablesOf(IAnalysisStage stage)
    {
        if (stage is not IStageSummary summary)
        {
            return [];
        }

        foreach (var t in summary.SummaryTables)
        {
            if (!stage.Tables.Any(d => d.Name == t))
            {
                throw new InvalidOperationException($"stage '{stage.Name}' names summary table '{t}', which it does not declare");
            }
        }

        return summary.SummaryTables;
    }

    /// <summary>The stage's summary tables (empty unless it implements <see cref="IStageSummary"/>).</summary>
    public IReadOnlyList<string> SummaryTables { get; }

    /// <summary>Tables to which <see cref="IStageExperiment.Complete"/> wrote rows (set on completion): such a stage's run directory cannot be resumed or merged.</summary>
    public IReadOnlyList<string> ExperimentTables { get; private set; } = [];

    /// <summary>
    /// True when this consumer continues an interrupted run and its stage keeps state across runs
    /// (an experiment other than <see cref="PerRunExperiment"/>) without <see cref="IStageSummary"/>:
    /// rows it writes from <see cref="IStageExperiment.Complete"/> would miss the runs kept, so the
    /// run must be refused before it starts.
    /// </summary>
    public bool CannotResume => _resumed && _stage is not IStageSummary && _experiment is not PerRunExperiment;

    public string Name => _stage.Name;

    public bool Isolated => true;

    public async ValueTask OnEventAsync(RunEvent e, CancellationToken cancellationToken)
    {
        _experiment ??= _stage.Start(_stageContext);
        if (!_runs.TryGetValue(e.Run.Index, out var state))
        {
            var output = new Output(_tables);
            state = (_experiment.StartRun(e.Run, _context(e.Run)), output);
            _runs[e.Run.Index] = state;
        }

        if (e.Snapshots is { } batch)
        {
            var interval = _stage.SnapshotInterval;
            if (interval > 0)
            {
                DeliverOnGrid(batch, interval, state);
            }

            return;
        }

        if (e.Distances is { } distances)
        {
            if (_stage.UsesMemberDistances)
            {
                state.Run.OnMemberDistances(distances, state.Output);
            }

            return;
        }

        state.Run.OnCompleted(e.Result!, state.Output);
        _runs.Remove(e.Run.Index);
        await _tables.RunDoneAsync(e.Run.Index, state.Output.Batches, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        var output = new Output(_tables);
        (_experiment ??= _stage.Start(_stageContext)).Complete(output);
        ExperimentTables = [.. output.Batches.Where(b => b.Batch.Length > 0).Select(b => b.Table).Distinct()];
        if (_resumed && ExperimentTables.Count > 0)
        {
            foreach (var (_, b) in output.Batches)
            {
                b.Dispose();
            }

            throw new InvalidOperationException($"stage '{_stage.Name}' writes experiment-level rows to {string.Join(", ", ExperimentTables)} from the runs it saw, and a resumed run does not show it the runs trained before the interruption; run again without --resume (or make the stage implement IStageSummary)");
        }

        Func<Func<string, IEnumerable<RecordBatch>>, List<(string, RecordBatch)>>? summarize = _stage is IStageSummary s
            ? read =>
            {
                var summary = new Output(_tables);
                s.Summarize(new StageSummaryInput(_runLookup, read), summary);
                return summary.Batches;
            }
            : null;
        await _tables.FinishAsync(output.Batches, SummaryTables, summarize, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask AbortAsync() => _tables.DisposeAsync();

    // The trainer emits snapshots on the gcd of every consumer's interval; a stage gets only the
    // rows on its own. Most batches are wholly on it (then it gets the batch itself); otherwise the
    // rows on it are copied into a batch of their own, which lives for the call.
    private static void DeliverOnGrid(SnapshotBatch batch, int interval, (IStageRun Run, Output Output) state)
    {
        var onGrid = 0;
        for (var row = 0; row < batch.Length; row++)
        {
            if (batch.Step(row) % interval == 0)
            {
                onGrid++;
            }
        }

        if (onGrid == batch.Length)
        {
            state.Run.OnSnapshots(batch, state.Output);
            return;
        }

        if (onGrid == 0)
        {
            return;
        }

        var builder = new TrajectoryBatchBuilder(batch.Run, batch.Batch.Schema);
        for (var row = 0; row < batch.Length; row++)
        {
            if (batch.Step(row) % interval == 0)
            {
                builder.Append(batch, row);
            }
        }

        using var filtered = builder.Build();
        state.Run.OnSnapshots(new SnapshotBatch(batch.Run, filtered), state.Output);
    }

    private sealed class Output(RunOrderedTables tables) : IStageOutput
    {
        public List<(string Table, RecordBatch Batch)> Batches { get; } = [];

        public void Append(string table, RecordBatch batch)
        {
            ArgumentNullException.ThrowIfNull(batch);
            tables.Check(table, batch);
            Batches.Add((table, batch));
        }
    }
}
