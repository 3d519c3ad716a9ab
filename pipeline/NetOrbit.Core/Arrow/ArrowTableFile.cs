using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace NetOrbit.Arrow;

/// <summary>
/// Writes one Arrow IPC file atomically: batches go to <c>name.arrow.tmp</c>, and only
/// <see cref="CommitAsync"/> writes the footer and renames it to its final name. Disposing without
/// committing deletes the temporary file, so a final name always holds a complete file.
/// </summary>
public sealed class ArrowTableFile : IAsyncDisposable
{
    private readonly FileStream _stream;
    private readonly ArrowFileWriter _writer;
    private readonly string _tempPath;
    private bool _committed;
    private bool _started;

    /// <summary>Opens <paramref name="path"/> (final name) for writing with <paramref name="schema"/>.</summary>
    public ArrowTableFile(string path, Schema schema, ArrowCompression compression = ArrowCompression.None)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(schema);
        Path = path;
        Schema = schema;
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        _tempPath = path + ".tmp";
        // 64 KiB (below the large-object heap): the IPC writer issues one write per Arrow buffer
        // and per padding, mostly small, and each flush of the default 4 KiB buffer is a system call.
        _stream = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize);
        _writer = new ArrowFileWriter(_stream, schema, leaveOpen: true, IpcOptionsFor(compression));
    }

    /// <summary>The IPC writer options for <paramref name="compression"/>, the same for every file NetOrbit writes.</summary>
    internal static IpcOptions IpcOptionsFor(ArrowCompression compression)
    {
        var options = new IpcOptions();
        if (compression != ArrowCompression.None)
        {
            options.CompressionCodec = compression == ArrowCompression.Zstd ? CompressionCodecType.Zstd : CompressionCodecType.Lz4Frame;
            options.CompressionCodecFactory = new Apache.Arrow.Compression.CompressionCodecFactory();
        }

        return options;
    }

    /// <summary>Bytes buffered before a write reaches the file.</summary>
    internal const int BufferSize = 64 * 1024;

    /// <summary>Final path of the file.</summary>
    public string Path { get; }

    /// <summary>Schema of the file.</summary>
    public Schema Schema { get; }

    /// <summary>Rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>
    /// Appends a batch; its schema must equal the file's. The write is synchronous: the callers are
    /// dedicated sink blocks, and an asynchronous write on a file opened for synchronous I/O would
    /// hop through the thread pool once per buffer flush.
    /// </summary>
    public ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        _writer.WriteRecordBatch(batch);
        _started = true;
        Rows += batch.Length;
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes the footer, flushes to disk and renames the file to its final name.</summary>
    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        if (!_started)
        {
            // A table with no rows still gets its schema, so every reader opens it.
            await _writer.WriteStartAsync(cancellationToken).ConfigureAwait(false);
        }

        await _writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _writer.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        File.Move(_tempPath, Path, overwrite: true);
        _committed = true;
    }

    /// <summary>Releases the file; an uncommitted temporary file is deleted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_committed)
        {
            return;
        }

        _writer.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        File.Delete(_tempPath);
    }

    /// <summary>Writes a whole table in one go, atomically.</summary>
    public static async Task WriteAsync(string path, Schema schema, IEnumerable<RecordBatch> batches, ArrowCompression compression = ArrowCompression.None, CancellationToken cancellationToken = default)
    {
        await using var file = new ArrowTableFile(path, schema, compression);
        foreach (var b in batches)
        {
            await file.WriteAsync(b, cancellationToken).ConfigureAwait(false);
        }

        await file.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
