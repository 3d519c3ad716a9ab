using NetOrbit.Arrow;
using NetOrbit.Config;

namespace NetOrbit.Running;

/// <summary>
/// Writes <c>trajectories/&lt;run_id&gt;.arrow</c>, one file per run, keeping the snapshots the
/// recording policy asks for. A run's file is renamed to its final name when the run completes.
/// </summary>
internal sealed class TrajectorySink(string directory, RecordingConfig policy, ArrowCompression compression) : IRunConsumer
{
    private readonly Dictionary<int, (ArrowTableFile File, TrajectoryBatchBuilder Builder)> _open = [];

    public string Name => "trajectories";

    public async ValueTask OnEventAsync(RunEvent e, CancellationToken cancellationToken)
    {
        if (e.Distances is not null)
        {
            return;
        }

        if (!_open.TryGetValue(e.Run.Index, out var state))
        {
            var schema = TrajectoryTable.CreateSchema(e.Run.Layout);
            state = (new ArrowTableFile(Path.Combine(directory, "trajectories", e.Run.RunId + ".arrow"), schema, compression), new TrajectoryBatchBuilder(e.Run, schema, System.Buffers.ArrayPool<double>.Shared));
            _open[e.Run.Index] = state;
        }

        if (e.Snapshots is { } batch)
        {
            if (policy.Every == 1 && policy.Members == "all")
            {
                await state.File.WriteAsync(batch.Batch, cancellationToken).ConfigureAwait(false);
                return;
            }

            for (var row = 0; row < batch.Length; row++)
            {
                if (batch.Step(row) % policy.Every == 0 && (policy.Members == "all" || batch.Member(row) == 0))
                {
                    state.Builder.Append(batch, row);
                }
            }

            if (state.Builder.Length > 0)
            {
                var filtered = state.Builder.BuildSnapshots();
                try
                {
                    await state.File.WriteAsync(filtered.Batch, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    filtered.Dispose();
                }
            }

            return;
        }

        _open.Remove(e.Run.Index);
        await state.File.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken) =>
        _open.Count == 0 ? ValueTask.CompletedTask : throw new InvalidOperationException($"{_open.Count} runs never completed");

    public async ValueTask AbortAsync()
    {
        foreach (var (file, _) in _open.Values)
        {
            await file.DisposeAsync().ConfigureAwait(false);
        }

        _open.Clear();
    }
}
