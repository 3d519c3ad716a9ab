using Apache.Arrow;
using NetOrbit.Arrow;

namespace NetOrbit.Running;

/// <summary>
/// The tables of one stage, written so that bytes do not depend on timing: rows emitted for a
/// run are held until every earlier run (by index) has been written. Files are written under a
/// temporary name and renamed on <see cref="CommitAsync"/>.
/// </summary>
internal sealed class RunOrderedTables : IAsyncDisposable
{
    private readonly string _owner;
    private readonly Dictionary<string, (TableDefinition Definition, ArrowTableFile File)> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<(string Table, RecordBatch Batch)>> _ready = [];
    private int _next;

    public RunOrderedTables(string owner, string directory, IEnumerable<TableDefinition> tables, ArrowCompression compression)
    {
        _owner = owner;
        try
        {
            foreach (var t in tables)
            {
                if (!_tables.TryAdd(t.Name, (t, null!)))
                {
                    throw new InvalidOperationException($"stage '{owner}' declares table '{t.Name}' twice");
                }

                _tables[t.Name] = (t, new ArrowTableFile(Path.Combine(directory, t.Name + ".arrow"), t.Schema, compression));
            }
        }
        catch
        {
            foreach (var (_, f) in _tables.Values)
            {
                f?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }
    }

    /// <summary>Checks <paramref name="batch"/> against the declared schema of <paramref name="table"/>.</summary>
    public void Check(string table, RecordBatch batch)
    {
        if (!_tables.TryGetValue(table, out var t))
        {
            throw new InvalidOperationException($"stage '{_owner}' emitted to undeclared table '{table}'; declared: {string.Join(", ", _tables.Keys)}");
        }

        if (!SchemaComparer.SameFields(t.Definition.Schema, batch.Schema, out var why))
        {
            throw new InvalidOperationException($"stage '{_owner}' emitted a batch to '{table}' that does not match its declared schema: {why}");
        }
    }

    /// <summary>Queues the outputs of run <paramref name="runIndex"/> and writes every run that is now in order.</summary>
    public async ValueTask RunDoneAsync(int runIndex, List<(string Table, RecordBatch Batch)> outputs, CancellationToken ct)
    {
        _ready[runIndex] = outputs;
        while (_ready.Remove(_next, out var batches))
        {
            await WriteAsync(batches, ct).ConfigureAwait(false);
            _next++;
        }
    }

    /// <summary>Writes experiment-level outputs (after every run).</summary>
    public async ValueTask WriteAsync(List<(string Table, RecordBatch Batch)> outputs, CancellationToken ct)
    {
        foreach (var (table, batch) in outputs)
        {
            using (batch)
            {
                if (batch.Length > 0)
                {
                    await _tables[table].File.WriteAsync(batch, ct).ConfigureAwait(false);
                }
            }
        }
    }

    public async ValueTask CommitAsync(CancellationToken ct)
    {
        if (_ready.Count > 0)
        {
            throw new InvalidOperationException($"stage '{_owner}': runs {string.Join(", ", _ready.Keys.Order())} completed but run {_next} never did");
        }

        foreach (var (_, f) in _tables.Values)
        {
            await f.CommitAsync(ct).ConfigureAwait(false);
        }
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
        foreach (var (_, f) in _tables.Values)
        {
            await f.DisposeAsync().ConfigureAwait(false);
        }
    }
}
