using Apache.Arrow;
using NetOrbit.Arrow;
using NetOrbit.Contracts;

namespace NetOrbit.Running;

/// <summary>
/// Writes the trajectories of consecutive runs, given in grid order, into part files
/// <c>trajectories/part-&lt;g&gt;.arrow</c> (<see cref="TrajectoryFolder"/>): one file per chunk of
/// <see cref="RunParts"/>, and a further file where a run's network differs in size from the run
/// before it (a file has one weights width). Rows are joined into record batches of up to 8,192
/// rows and 1 MiB of weights (a reader of one run decodes little besides it). What a file holds
/// depends only on the grid and the runs' rows, never on timing. A chunk's files are committed
/// together when its last run is in, the chunk's first file last, so that file's presence says the
/// chunk is complete.
/// </summary>
internal sealed class TrajectoryPartWriter(string folder, RunParts chunks, ArrowCompression compression, int startPosition) : IAsyncDisposable
{
    /// <summary>Weight bytes per record batch at most (unless one row is larger).</summary>
    private const int BatchWeightBytes = 1 << 20;

    private readonly List<ArrowTableFile> _chunkFiles = [];
    private BatchCoalescer? _coalescer;
    private ParameterLayout? _layoutOf;
    private string? _layout;

    /// <summary>Position (within the directory's range) of the next run to add.</summary>
    public int Next { get; private set; } = startPosition;

    /// <summary>True when the file of the chunk's first run is committed, so the whole chunk is.</summary>
    public static bool IsCommitted(string folder, RunParts chunks, int chunk) =>
        File.Exists(Path.Combine(folder, TrajectoryFolder.PartName(chunks.FirstIndex + chunk * chunks.ChunkRuns)));

    /// <summary>Deletes the part files of runs at positions <paramref name="fromPosition"/> and after, and temporary files.</summary>
    public static void DeleteFrom(string folder, RunParts chunks, int fromPosition)
    {
        foreach (var f in Directory.Exists(folder) ? Directory.GetFiles(folder) : [])
        {
            if (TrajectoryFolder.FirstRunOf(f) is not { } first || first >= chunks.FirstIndex + fromPosition)
            {
                File.Delete(f);
            }
        }
    }

    /// <summary>Adds the rows of <paramref name="run"/>, which must be the run at <see cref="Next"/>.</summary>
    public async ValueTask AddRunAsync(RunInfo run, IEnumerable<RecordBatch> batches, CancellationToken ct)
    {
        var position = run.Index - chunks.FirstIndex;
        if (position != Next)
        {
            throw new InvalidOperationException($"trajectories: run at position {position} added, position {Next} expected");
        }

        // Runs of one dataset share their layout object; others are compared by their JSON.
        var layout = ReferenceEquals(run.Layout, _layoutOf) ? _layout : run.Layout.ToJson();
        if (_coalescer is null || layout != _layout)
        {
            if (_coalescer is not null)
            {
                await _coalescer.FlushAsync(ct).ConfigureAwait(false);
            }

            var schema = TrajectoryTable.CreateSchema(run.Layout);
            var file = new ArrowTableFile(Path.Combine(folder, TrajectoryFolder.PartName(run.Index)), schema, compression);
            _chunkFiles.Add(file);
            _coalescer = new BatchCoalescer(file, schema, Math.Clamp(BatchWeightBytes / (run.Layout.Count * sizeof(double)), 1, Pipeline.ShardMerge.CoalesceRows));
            _layout = layout;
        }

        _layoutOf = run.Layout;
        foreach (var b in batches)
        {
            await _coalescer.AddAsync(b, ct).ConfigureAwait(false);
        }

        if (chunks.EndsChunk(position))
        {
            await _coalescer.FlushAsync(ct).ConfigureAwait(false);
            for (var i = _chunkFiles.Count - 1; i >= 0; i--)
            {
                await _chunkFiles[i].CommitAsync(ct).ConfigureAwait(false);
            }

            _chunkFiles.Clear();
            _coalescer = null;
            _layout = null;
            _layoutOf = null;
        }

        Next++;
    }

    /// <summary>True when every run of the range was added.</summary>
    public bool Complete => Next == chunks.RunCount && _chunkFiles.Count == 0;

    public async ValueTask DisposeAsync()
    {
        foreach (var f in _chunkFiles)
        {
            await f.DisposeAsync().ConfigureAwait(false);
        }

        _chunkFiles.Clear();
        _coalescer = null;
    }
}
