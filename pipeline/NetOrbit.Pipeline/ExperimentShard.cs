namespace NetOrbit.Pipeline;

/// <summary>
/// One of <see cref="Count"/> parts of an experiment's grid: the runs from position
/// floor(Index * R / Count) up to floor((Index + 1) * R / Count) of the R runs in grid order. The
/// partition depends only on the grid, so shards trained anywhere (Slurm array tasks, Kubernetes
/// indexed job pods) merge into the run directory of a single machine (<c>netorbit merge</c>).
/// </summary>
public sealed record ExperimentShard
{
    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is below 1 or the index outside 0 .. count - 1.</exception>
    public ExperimentShard(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    /// <summary>0-based shard index.</summary>
    public int Index { get; }

    /// <summary>Number of shards.</summary>
    public int Count { get; }

    /// <summary>The first grid position and the number of runs of this shard in a grid of <paramref name="runs"/> runs.</summary>
    public (int First, int Runs) Range(int runs)
    {
        var first = (int)((long)Index * runs / Count);
        var end = (int)((long)(Index + 1) * runs / Count);
        return (first, end - first);
    }

    /// <summary>Parses <c>I/N</c> (0-based I).</summary>
    public static bool TryParse(string text, out ExperimentShard? shard, out string problem)
    {
        shard = null;
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            problem = $"'{text}' is not I/N (shard I of N, 0-based, e.g. 0/4)";
            return false;
        }

        if (n < 1 || i >= n)
        {
            problem = $"'{text}': the index must be 0 .. N-1 and N at least 1";
            return false;
        }

        shard = new ExperimentShard(i, n);
        problem = "";
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";
}
