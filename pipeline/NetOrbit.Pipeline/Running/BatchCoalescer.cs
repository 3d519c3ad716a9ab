using Apache.Arrow;
using NetOrbit.Arrow;

namespace NetOrbit.Running;

/// <summary>
/// Writes small record batches to a table file joined into batches of up to
/// <paramref name="maxRows"/> rows (default <see cref="Pipeline.ShardMerge.CoalesceRows"/>), so a table
/// of a 100,000-run sweep does not hold 100,000 one-row batches (readers then spend their time on
/// batch metadata). Batches at least that large are written as they are; the rows and their order
/// never change, and the batches written depend only on the batches added. Column types the Arrow
/// library cannot concatenate are written batch by batch.
/// </summary>
internal sealed class BatchCoalescer(ArrowTableFile file, Schema schema, int maxRows = Pipeline.ShardMerge.CoalesceRows)
{
    private readonly List<RecordBatch> _pending = [];
    private int _rows;

    /// <summary>Adds <paramref name="batch"/> (not kept: copied when held).</summary>
    public async ValueTask AddAsync(RecordBatch batch, CancellationToken ct)
    {
        if (batch.Length == 0)
        {
            return;
        }

        if (_rows + batch.Length > maxRows)
        {
            await FlushAsync(ct).ConfigureAwait(false);
        }

        if (batch.Length >= maxRows)
        {
            await file.WriteAsync(batch, ct).ConfigureAwait(false);
            return;
        }

        _pending.Add(batch.Clone());
        _rows += batch.Length;
    }

    /// <summary>Writes what is held.</summary>
    public async ValueTask FlushAsync(CancellationToken ct)
    {
        try
        {
            if (_pending.Count == 1)
            {
                await file.WriteAsync(_pending[0], ct).ConfigureAwait(false);
            }
            else if (_pending.Count > 1)
            {
                RecordBatch? joined = null;
                try
                {
                    joined = Pipeline.ShardMerge.Concatenate(schema, _pending);
                }
                catch (Exception e) when (e is NotSupportedException or NotImplementedException)
                {
                    foreach (var b in _pending)
                    {
                        await file.WriteAsync(b, ct).ConfigureAwait(false);
                    }
                }

                if (joined is not null)
                {
                    using (joined)
                    {
                        await file.WriteAsync(joined, ct).ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            _pending.ForEach(b => b.Dispose());
            _pending.Clear();
            _rows = 0;
        }
    }
}
