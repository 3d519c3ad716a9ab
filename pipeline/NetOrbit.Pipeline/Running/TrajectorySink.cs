using Apache.Arrow;
using Apache.Arrow.Ipc;
using NetOrbit.Arrow;
using NetOrbit.Config;
using NetOrbit.Contracts;

namespace NetOrbit.Running;

/// <summary>
/// Writes <c>trajectories/part-&lt;g&gt;.arrow</c>, the snapshots the recording policy keeps, many runs
/// per file (<see cref="TrajectoryPartWriter"/>). Runs finish in any order, so each run's rows are
/// first written as an Arrow IPC file of their own: in memory while the runs held there stay within
/// <see cref="HeldBytes"/> (64 MiB), else under <c>.parts/trajectories/</c>. Once every earlier run is in,
/// the run's rows are read back and appended, in grid order, to the part file of their chunk. Both
/// ways the rows pass through the same IPC writer and reader, so the bytes depend neither on the
/// thread count nor on where a run waited, and memory does not grow with the runs.
/// </summary>
internal sealed class TrajectorySink : IRunConsumer
{
    /// <summary>Serialized trajectories held in memory at most (runs that would go beyond wait on disk).</summary>
    internal const long HeldBytes = 64L << 20;

    private readonly RecordingConfig _policy;
    private readonly ArrowCompression _compression;
    private readonly string _spillFolder;
    private readonly int _firstIndex;
    private readonly TrajectoryPartWriter _writer;
    private readonly Dictionary<int, (RunBuffer Buffer, TrajectoryBatchBuilder Builder)> _open = [];
    private readonly Dictionary<int, (RunInfo Run, RunBuffer Buffer)> _done = [];
    private readonly long _heldBytes;
    private long _held;

    /// <summary>A sink for the runs of <paramref name="parts"/> from position <paramref name="startPosition"/> on (the runs before it are in committed part files).</summary>
    public TrajectorySink(string directory, RecordingConfig policy, ArrowCompression compression, RunParts parts, int startPosition, long heldBytes = HeldBytes)
    {
        _heldBytes = heldBytes;
        _policy = policy;
        _compression = compression;
        _spillFolder = Path.Combine(parts.Folder, TrajectoryFolder.Name);
        Directory.CreateDirectory(_spillFolder);
        _firstIndex = parts.FirstIndex;
        _writer = new TrajectoryPartWriter(Path.Combine(directory, TrajectoryFolder.Name), parts, compression, startPosition);
    }

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
            state = (Open(e.Run, schema), new TrajectoryBatchBuilder(e.Run, schema, System.Buffers.ArrayPool<double>.Shared));
            _open[e.Run.Index] = state;
        }

        if (e.Snapshots is { } batch)
        {
            if (_policy.Every == 1 && _policy.Members == "all")
            {
                await state.Buffer.WriteAsync(batch.Batch, cancellationToken).ConfigureAwait(false);
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
                    await state.Buffer.WriteAsync(filtered.Batch, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    filtered.Dispose();
                }
            }

            return;
        }

        _open.Remove(e.Run.Index);
        await state.Buffer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        _done[e.Run.Index - _firstIndex] = (e.Run, state.Buffer);
        while (_done.Remove(_writer.Next, out var next))
        {
            await _writer.AddRunAsync(next.Run, next.Buffer.Read(), cancellationToken).ConfigureAwait(false);
            _held -= next.Buffer.Reserved;
            await next.Buffer.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken) =>
        _open.Count == 0 && _done.Count == 0 && _writer.Complete ? ValueTask.CompletedTask : throw new InvalidOperationException($"trajectories: {_open.Count + _done.Count} runs never completed or were never written (next position {_writer.Next})");

    public async ValueTask AbortAsync()
    {
        foreach (var buffer in _open.Values.Select(s => s.Buffer).Concat(_done.Values.Select(d => d.Buffer)))
        {
            await buffer.DisposeAsync().ConfigureAwait(false);
        }

        _open.Clear();
        _done.Clear();
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>In memory when the run's largest possible trajectory fits beside those already held, else on disk.</summary>
    private RunBuffer Open(RunInfo run, Schema schema)
    {
        var members = _policy.Members == "all" ? run.Members : 1;
        var rows = (long)members * (run.Steps / _policy.Every + 2);
        var bytes = rows * (run.Layout.Count * sizeof(double) + 64) + 4096;
        if (_held + bytes <= _heldBytes)
        {
            _held += bytes;
            return new RunBuffer(null, schema, _compression, bytes);
        }

        return new RunBuffer(Path.Combine(_spillFolder, run.RunId + ".arrow"), schema, _compression, 0);
    }

    /// <summary>One run's rows as an Arrow IPC file, in memory (path null) or on disk.</summary>
    private sealed class RunBuffer : IAsyncDisposable
    {
        private readonly ArrowTableFile? _file;
        private readonly MemoryStream? _memory;
        private readonly ArrowFileWriter? _writer;
        private bool _started;

        public RunBuffer(string? path, Schema schema, ArrowCompression compression, long reserved)
        {
            Reserved = reserved;
            if (path is not null)
            {
                _file = new ArrowTableFile(path, schema, compression);
            }
            else
            {
                _memory = new MemoryStream();
                _writer = new ArrowFileWriter(_memory, schema, leaveOpen: true, ArrowTableFile.IpcOptionsFor(compression));
            }
        }

        /// <summary>Bytes of the in-memory budget this run holds (0 on disk).</summary>
        public long Reserved { get; }

        public async ValueTask WriteAsync(RecordBatch batch, CancellationToken ct)
        {
            if (_file is not null)
            {
                await _file.WriteAsync(batch, ct).ConfigureAwait(false);
                return;
            }

            ct.ThrowIfCancellationRequested();
            _writer!.WriteRecordBatch(batch);
            _started = true;
        }

        public async ValueTask CompleteAsync(CancellationToken ct)
        {
            if (_file is not null)
            {
                await _file.CommitAsync(ct).ConfigureAwait(false);
                return;
            }

            if (!_started)
            {
                await _writer!.WriteStartAsync(ct).ConfigureAwait(false);
            }

            await _writer!.WriteEndAsync(ct).ConfigureAwait(false);
        }

        /// <summary>The run's batches, each disposed when the enumeration moves on.</summary>
        public IEnumerable<RecordBatch> Read()
        {
            if (_file is not null)
            {
                foreach (var b in RunParts.ReadFile(_file.Path))
                {
                    yield return b;
                }

                yield break;
            }

            using var image = new MemoryStream(_memory!.GetBuffer(), 0, (int)_memory.Length, writable: false);
            using var reader = new ArrowFileReader(image, new Apache.Arrow.Compression.CompressionCodecFactory());
            while (reader.ReadNextRecordBatch() is { } batch)
            {
                using (batch)
                {
                    yield return batch;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_file is not null)
            {
                await _file.DisposeAsync().ConfigureAwait(false);
                if (File.Exists(_file.Path))
                {
                    File.Delete(_file.Path);
                }

                return;
            }

            _writer!.Dispose();
            await _memory!.DisposeAsync().ConfigureAwait(false);
        }
    }
}
