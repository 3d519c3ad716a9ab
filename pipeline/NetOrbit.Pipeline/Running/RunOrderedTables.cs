using Apache.Arrow;
using NetOrbit.Arrow;

namespace NetOrbit.Running;

/// <summary>
/// The tables of one stage (or the runs table), written so that bytes do not depend on timing:
/// rows emitted for a run are held until every earlier run (by grid position) has been written.
/// Two layouts: straight into each table's file (offline analysis), or, for a run directory that
/// can be resumed, into the chunked <see cref="RunParts"/>, each chunk committed as soon as all its
/// runs are in. Either way a table appears under its final name only on <see cref="FinishAsync"/>,
/// complete.
/// </summary>
internal sealed class RunOrderedTables : IAsyncDisposable
{
    private readonly string _owner;
    private readonly string _directory;
    private readonly ArrowCompression _compression;
    private readonly RunParts? _parts;
    private readonly int _firstIndex;
    private readonly Dictionary<string, TableDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ArrowTableFile> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<(string Table, RecordBatch Batch)>> _ready = [];
    private int _next;

    /// <summary>Tables written straight to <c>directory/&lt;table&gt;.arrow</c>; runs are numbered from 0.</summary>
    public RunOrderedTables(string owner, string directory, IEnumerable<TableDefinition> tables, ArrowCompression compression)
        : this(owner, null, 0, directory, tables, compression)
    {
        try
        {
            foreach (var t in _definitions.Values)
            {
                _open[t.Name] = new ArrowTableFile(FinalPath(t.Name), t.Schema, compression);
            }
        }
        catch
        {
            DisposeOpen();
            throw;
        }
    }

    /// <summary>Tables written as chunked parts; writing starts at grid position <paramref name="startPosition"/> (the runs before it are already in committed parts).</summary>
    public RunOrderedTables(string owner, string directory, IEnumerable<TableDefinition> tables, ArrowCompression compression, RunParts parts, int startPosition)
        : this(owner, parts, startPosition, directory, tables, compression)
    {
    }

    private RunOrderedTables(string owner, RunParts? parts, int startPosition, string directory, IEnumerable<TableDefinition> tables, ArrowCompression compression)
    {
        _owner = owner;
        _directory = directory;
        _compression = compression;
        _parts = parts;
        _firstIndex = parts?.FirstIndex ?? 0;
        _next = startPosition;
        foreach (var t in tables)
        {
            if (!_definitions.TryAdd(t.Name, t))
            {
                throw new InvalidOperationException($"stage '{owner}' declares table '{t.Name}' twice");
            }
        }
    }

    /// <summary>The declared tables.</summary>
    public IEnumerable<TableDefinition> Definitions => _definitions.Values;

    /// <summary>Checks <paramref name="batch"/> against the declared schema of <paramref name="table"/>.</summary>
    public void Check(string table, RecordBatch batch)
    {
        if (!_definitions.TryGetValue(table, out var t))
        {
            throw new InvalidOperationException($"stage '{_owner}' emitted to undeclared table '{table}'; declared: {string.Join(", ", _definitions.Keys)}");
        }

        if (!SchemaComparer.SameFields(t.Schema, batch.Schema, out var why))
        {
            throw new InvalidOperationException($"stage '{_owner}' emitted a batch to '{table}' that does not match its declared schema: {why}");
        }
    }

    /// <summary>Queues the outputs of run <paramref name="runIndex"/> and writes every run that is now in order.</summary>
    public async ValueTask RunDoneAsync(int runIndex, List<(string Table, RecordBatch Batch)> outputs, CancellationToken ct)
    {
        _ready[runIndex - _firstIndex] = outputs;
        while (_ready.Remove(_next, out var batches))
        {
            if (_parts is not null && _open.Count == 0)
            {
                var chunk = _parts.ChunkOf(_next);
                foreach (var t in _definitions.Values)
                {
                    _open[t.Name] = new ArrowTableFile(_parts.PartPath(t.Name, chunk), t.Schema, _compression);
                }
            }

            await WriteAsync(batches, ct).ConfigureAwait(false);
            if (_parts is not null && _parts.EndsChunk(_next))
            {
                foreach (var f in _open.Values)
                {
                    await f.CommitAsync(ct).ConfigureAwait(false);
                }

                _open.Clear();
            }

            _next++;
        }
    }

    /// <summary>
    /// Writes every table under its final name: the per-run rows, then <paramref name="experimentRows"/>
    /// (rows a stage emitted when the experiment completed); then, for <paramref name="summaryTables"/>,
    /// the rows <paramref name="summarize"/> computes from the committed per-run tables.
    /// </summary>
    public async ValueTask FinishAsync(
        List<(string Table, RecordBatch Batch)> experimentRows,
        IReadOnlyCollection<string> summaryTables,
        Func<Func<string, IEnumerable<RecordBatch>>, List<(string Table, RecordBatch Batch)>>? summarize,
        CancellationToken ct)
    {
        if (_ready.Count > 0)
        {
            throw new InvalidOperationException($"stage '{_owner}': runs at positions {string.Join(", ", _ready.Keys.Order())} completed but position {_next} never did");
        }

        if (_parts is not null && _next != _parts.RunCount)
        {
            throw new InvalidOperationException($"stage '{_owner}': {_parts.RunCount} runs expected, {_next} written");
        }

        try
        {
            var perRun = _definitions.Keys.Where(t => !summaryTables.Contains(t)).ToList();
            await WriteTablesAsync(perRun, experimentRows, ct).ConfigureAwait(false);
            if (summaryTables.Count > 0 && summarize is not null)
            {
                var rows = summarize(table => perRun.Contains(table) ? RunParts.ReadFile(FinalPath(table)) : throw new InvalidOperationException($"stage '{_owner}' summarises from '{table}', which is not one of its per-run tables"));
                experimentRows.AddRange(rows);
                foreach (var (table, batch) in rows)
                {
                    Check(table, batch);
                }
            }

            await WriteTablesAsync([.. summaryTables], experimentRows, ct).ConfigureAwait(false);
        }
        finally
        {
            foreach (var (_, b) in experimentRows)
            {
                b.Dispose();
            }
        }
    }

    private async ValueTask WriteTablesAsync(List<string> tables, List<(string Table, RecordBatch Batch)> experimentRows, CancellationToken ct)
    {
        foreach (var name in tables)
        {
            var def = _definitions[name];
            if (_parts is not null)
            {
                // The parts hold one batch per run; the table gets them joined into larger batches.
                _open[name] = new ArrowTableFile(FinalPath(name), def.Schema, _compression);
                var coalescer = new BatchCoalescer(_open[name], def.Schema);
                foreach (var b in _parts.Read(name))
                {
                    await coalescer.AddAsync(b, ct).ConfigureAwait(false);
                }

                await coalescer.FlushAsync(ct).ConfigureAwait(false);
            }

            foreach (var (table, batch) in experimentRows.Where(r => r.Table == name))
            {
                if (batch.Length > 0)
                {
                    await _open[name].WriteAsync(batch, ct).ConfigureAwait(false);
                }
            }

            await _open[name].CommitAsync(ct).ConfigureAwait(false);
            _open.Remove(name);
        }
    }

    private string FinalPath(string table) => Path.Combine(_directory, table + ".arrow");

    /// <summary>Writes batches of one run to the open files.</summary>
    private async ValueTask WriteAsync(List<(string Table, RecordBatch Batch)> outputs, CancellationToken ct)
    {
        foreach (var (table, batch) in outputs)
        {
            using (batch)
            {
                if (batch.Length > 0)
                {
                    await _open[table].WriteAsync(batch, ct).ConfigureAwait(false);
                }
            }
        }
    }

    private void DisposeOpen()
    {
        foreach (var f in _open.Values)
        {
            f.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _open.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var list in _ready.Values)
        {
            foreach (var (_, b) in list)
            {
                b.Dispose();
            }
        }

        _ready.Clear();
        foreach (var f in _open.Values)
        {
            await f.DisposeAsync().ConfigureAwait(false);
        }

        _open.Clear();
    }
}
