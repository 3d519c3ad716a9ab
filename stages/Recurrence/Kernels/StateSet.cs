namespace NetOrbit.Recurrence;

/// <summary>
/// States of a trajectory laid out for the distance kernels: one padded array per coordinate
/// (so 8 consecutive states load as one Vector512) and a row-major copy (so one state's
/// coordinates are contiguous for broadcasting).
/// </summary>
internal sealed class StateSet
{
    /// <summary>Zero padding after the last state, so a full Vector512 word of 64 columns can always be loaded.</summary>
    internal const int Padding = 64;

    /// <summary>States per bounding box: the boxes of 8 consecutive states let the sweep skip 8 x 8 blocks of pairs.</summary>
    internal const int GroupSize = 8;

    private StateSet(int count, int dimension, double[][] columns, double[] rows)
    {
        Count = count;
        Dimension = dimension;
        Columns = columns;
        Rows = rows;
        int groups = (count + GroupSize - 1) / GroupSize;
        GroupLow = new double[dimension][];
        GroupHigh = new double[dimension][];
        for (int k = 0; k < dimension; k++)
        {
            // Padding groups get an empty box at +infinity, so every distance bound to them is infinite.
            var lo = new double[groups + Padding / GroupSize + 8];
            var hi = new double[lo.Length];
            Array.Fill(lo, double.PositiveInfinity);
            Array.Fill(hi, double.PositiveInfinity);
            for (int g = 0; g < groups; g++)
            {
                double min = double.PositiveInfinity;
                double max = double.NegativeInfinity;
                int end = Math.Min(count, (g + 1) * GroupSize);
                for (int i = g * GroupSize; i < end; i++)
                {
                    min = Math.Min(min, columns[k][i]);
                    max = Math.Max(max, columns[k][i]);
                }

                lo[g] = min;
                hi[g] = max;
            }

            GroupLow[k] = lo;
            GroupHigh[k] = hi;
        }
    }

    /// <summary>GroupLow[k][g] = smallest coordinate k among states 8g .. 8g + 7.</summary>
    internal double[][] GroupLow { get; }

    /// <summary>GroupHigh[k][g] = largest coordinate k among states 8g .. 8g + 7.</summary>
    internal double[][] GroupHigh { get; }

    internal int Count { get; }

    internal int Dimension { get; }

    /// <summary>Columns[k][i] = coordinate k of state i; length Count + Padding.</summary>
    internal double[][] Columns { get; }

    /// <summary>Rows[i * Dimension + k] = coordinate k of state i.</summary>
    internal double[] Rows { get; }

    /// <summary>Copies row-major <paramref name="points"/>; throws when a coordinate is not finite.</summary>
    internal static StateSet FromRowMajor(ReadOnlySpan<double> points, int dimension, string paramName = "points")
    {
        if (dimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The state dimension must be >= 1.");
        }

        if (points.Length == 0 || points.Length % dimension != 0)
        {
            throw new ArgumentException(
                $"{paramName} holds {points.Length} values, which is not a positive multiple of the dimension {dimension}.", paramName);
        }

        int count = points.Length / dimension;
        var columns = new double[dimension][];
        for (int k = 0; k < dimension; k++)
        {
            columns[k] = new double[count + Padding];
        }

        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < dimension; k++)
            {
                double v = points[i * dimension + k];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"{paramName}: state {i}, coordinate {k} is {v}; every coordinate must be finite.", paramName);
                }

                columns[k][i] = v;
            }
        }

        return new StateSet(count, dimension, columns, points.ToArray());
    }

    /// <summary>Distance between states i and j, summed in coordinate order as Distances.jl does.</summary>
    internal double Distance(int i, int j, DistanceMetric metric)
    {
        double acc = 0;
        var a = Rows.AsSpan(i * Dimension, Dimension);
        var b = Rows.AsSpan(j * Dimension, Dimension);
        switch (metric)
        {
            case DistanceMetric.Euclidean:
                for (int k = 0; k < a.Length; k++)
                {
                    double d = a[k] - b[k];
                    acc += d * d;
                }

                return Math.Sqrt(acc);
            case DistanceMetric.Manhattan:
                for (int k = 0; k < a.Length; k++)
                {
                    acc += Math.Abs(a[k] - b[k]);
                }

                return acc;
            default:
                for (int k = 0; k < a.Length; k++)
                {
                    acc = Math.Max(acc, Math.Abs(a[k] - b[k]));
                }

                return acc;
        }
    }
}
