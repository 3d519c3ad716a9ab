using Apache.Arrow;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Running;

/// <summary>Runs one analysis stage inside the graph: per-run state, schema checks, run-ordered tables.</summary>
internal sealed class StageConsumer : IRunConsumer
{
    private readonly IAnalysisStage _stage;
    private readonly Func<RunInfo, RunContext> _context;
    private readonly RunOrderedTables _tables;
    private readonly Dictionary<int, (IStageRun Run, Output Output)> _runs = [];

    public StageConsumer(IAnalysisStage stage, Func<RunInfo, RunContext> context, string directory, ArrowCompression compression)
    {
        _stage = stage;
        _context = context;
        foreach (var t in stage.Tables)
        {
            if (!t.Name.StartsWith(stage.Name + "/", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"stage '{stage.Name}' declares table '{t.Name}': table names must start with '{stage.Name}/'");
            }
        }

        _tables = new RunOrderedTables(stage.Name, directory, stage.Tables, compression);
    }

    public string Name => _stage.Name;

    public async ValueTask OnEventAsync(RunEvent e, CancellationToken cancellationToken)
    {
        if (!_runs.TryGetValue(e.Run.Index, out var state))
        {
            var output = new Output(_tables);
            state = (_stage.StartRun(e.Run, _context(e.Run)), output);
            _runs[e.Run.Index] = state;
        }

        if (e.Snapshots is { } batch)
        {
            if (_stage.SnapshotInterval > 0)
            {
                state.Run.OnSnapshots(batch, state.Output);
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
        _stage.Complete(output);
        await _tables.WriteAsync(output.Batches, cancellationToken).ConfigureAwait(false);
        await _tables.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask AbortAsync() => _tables.DisposeAsync();

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
