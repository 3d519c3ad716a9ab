using NetOrbit.Arrow;
using NetOrbit.Config;

namespace NetOrbit.Running;

/// <summary>
/// Writes <c>trajectories/part-&lt;g&gt;.arrow</c>, the snapshots the recording policy keeps, many runs
/// per file (<see cref="TrajectoryPartWriter"/>). Runs finish in any order, so each run's rows first
/// go to its own file under <c>.parts/trajectories/</c>; once every earlier run is in, they are
/// appended, in grid order, to the part file of their chunk and the run's file is deleted. Memory
/// does not grow with the runs, and the bytes do not depend on the thread count.
/// </summary>
internal sealed class TrajectorySink : IRunConsumer
{
    private readonly RecordingConfig _policy;
    private readonly ArrowCompression _compression;
    private readonly string _spillFolder;
    private readonly TrajectoryPartWriter _writer;
    private readonly Dictionary<int, (ArrowTableFile File, TrajectoryBatchBuilder Builder)> _open = [];
    private readonly Dictionary<int, (Contracts.RunInfo Run, string Path)> _done = [];

    /// <summary>A sink for the runs of <paramref name="parts"/> from position <paramref name="startPosition"/> on (the runs before it are in committed part files).</summary>
    public TrajectorySink(string directory, RecordingConfig policy, ArrowCompression compression, RunParts parts, int startPosition)
    {
        _policy = policy;
        _compression = compression;
        _spillFolder = Path.Combine(parts.Folder, TrajectoryFolder.Name);
        Directory.CreateDirectory(_spillFolder);
        _writer = new TrajectoryPartWriter(Path.Combine(directory, TrajectoryFolder.Name), parts, compression, startPosition);
        FirstIndex = parts.FirstIndex;
    }

    private int FirstIndex { get; }

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
            state = (new ArrowTableFile(Path.Combine(_spillFolder, e.Run.RunId + ".arrow"), schema, _compression), new TrajectoryBatchBuilder(e.Run, schema, System.Buffers.ArrayPool<double>.Shared));
            _open[e.Run.Index] = state;
        }

        if (e.Snapshots is { } batch)
        {
            if (_policy.Every == 1 && _policy.Members == "all")
            {
                await state.File.WriteAsync(batch.Batch, cancellationToken).ConfigureAwait(false);
                return;
            }

            for (var row = 0; row < batch.Length; row++)
            {
                if (batch.Step(row) % _policy.Every == 0 && (_policy.Members == "all" || batch.Member(row) == 0))
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
        _done[e.Run.Index - FirstIndex] = (e.Run, state.File.Path);
        while (_done.Remove(_writer.Next, out var next))
        {
            await _writer.AddRunAsync(next.Run, RunParts.ReadFile(next.Path), cancellationToken).ConfigureAwait(false);
            File.Delete(next.Path);
        }
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken) =>
        _open.Count == 0 && _done.Count == 0 && _writer.Complete ? ValueTask.CompletedTask : throw new InvalidOperationException($"trajectories: {_open.Count + _done.Count} runs never completed or were never written (next position {_writer.Next})");

    public async ValueTask AbortAsync()
    {
        foreach (var (file, _) in _open.Values)
        {
            await file.DisposeAsync().ConfigureAwait(false);
        }

        _open.Clear();
        await _writer.DisposeAsync().ConfigureAwait(false);
    }
}
