using Apache.Arrow;
using NetOrbit.Arrow;
using NetOrbit.Contracts;

namespace NetOrbit.Running;

/// <summary>
/// Writes <c>runs.arrow</c>: each run's result row goes into the chunk of <see cref="RunParts"/> it
/// belongs to, one record batch per chunk, committed when every run of the chunk has reported; on
/// completion the parts become <c>runs.arrow</c>. Only the rows of unfinished chunks are held, so
/// memory does not grow with the number of runs. Optionally keeps the results (without their
/// weight vectors) for <see cref="Pipeline.ExperimentResult.Runs"/>.
/// </summary>
internal sealed class RunsWriter(string directory, RunParts parts, ArrowCompression compression, bool keepResults) : IRunConsumer
{
    /// <summary>The runs table's name in <see cref="RunParts"/>.</summary>
    public const string Table = "runs";

    private readonly Dictionary<int, List<RunResult>> _chunks = [];
    private readonly List<RunResult> _kept = [];

    public string Name => Table;

    /// <summary>Results of the runs trained here, in grid order, without weights (empty unless kept).</summary>
    public IReadOnlyList<RunResult> Results => [.. _kept.OrderBy(r => r.Run.Index)];

    /// <summary>Runs in runs.arrow (set on completion).</summary>
    public int RunCount { get; private set; }

    /// <summary>Runs with status 'diverged' in runs.arrow (set on completion).</summary>
    public int Diverged { get; private set; }

    /// <summary>Runs with status 'failed' in runs.arrow (set on completion).</summary>
    public int Failed { get; private set; }

    public async ValueTask OnEventAsync(RunEvent e, CancellationToken cancellationToken)
    {
        if (e.Result is not { } result)
        {
            return;
        }

        var row = result with { InitialWeights = [], FinalWeights = [] };
        if (keepResults)
        {
            _kept.Add(row);
        }

        var position = result.Run.Index - parts.FirstIndex;
        var chunk = parts.ChunkOf(position);
        if (!_chunks.TryGetValue(chunk, out var rows))
        {
            _chunks[chunk] = rows = [];
        }

        rows.Add(row);
        var size = Math.Min(parts.ChunkRuns, parts.RunCount - chunk * parts.ChunkRuns);
        if (rows.Count == size)
        {
            _chunks.Remove(chunk);
            using var batch = RunsTable.Build(rows);
            await ArrowTableFile.WriteAsync(parts.PartPath(Table, chunk), RunsTable.Definition.Schema, [batch], compression, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_chunks.Count > 0)
        {
            throw new InvalidOperationException($"runs of chunk(s) {string.Join(", ", _chunks.Keys.Order())} never completed");
        }

        // One record batch per 8,192 runs, not one per chunk, so readers open it quickly; no more is held.
        await using var file = new ArrowTableFile(Path.Combine(directory, Table + ".arrow"), RunsTable.Definition.Schema, compression);
        var pending = new List<RecordBatch>();
        var pendingRows = 0;
        async Task FlushAsync()
        {
            if (pending.Count > 0)
            {
                using var merged = Pipeline.ShardMerge.Concatenate(RunsTable.Definition.Schema, pending);
                await file.WriteAsync(merged, cancellationToken).ConfigureAwait(false);
            }

            pending.ForEach(b => b.Dispose());
            pending.Clear();
            pendingRows = 0;
        }

        foreach (var batch in parts.Read(Table))
        {
            var status = (StringArray)batch.Column("status");
            for (var i = 0; i < batch.Length; i++)
            {
                switch (status.GetString(i))
                {
                    case "diverged": Diverged++; break;
                    case "failed": Failed++; break;
                }
            }

            RunCount += batch.Length;
            pending.Add(batch.Clone());
            pendingRows += batch.Length;
            if (pendingRows >= Pipeline.ShardMerge.CoalesceRows)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        await FlushAsync().ConfigureAwait(false);

        await file.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask AbortAsync() => ValueTask.CompletedTask;
}
