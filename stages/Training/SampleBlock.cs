using NetOrbit.Data;

namespace NetOrbit.Training;

/// <summary>
/// Rows of a split in the kernels' layout: feature-major (all samples of feature 0, then feature 1, ...), the
/// sample count padded to a multiple of 8 (at least 16) so every row fills whole 8-lane vectors and holds at least two. Padding lanes have zero
/// features, no class (-1), and are excluded from loss, accuracy and gradient.
/// </summary>
internal sealed class SampleBlock
{
    public const int Lanes = 8;

    public SampleBlock(int features, int classes, int capacity)
    {
        Features = features;
        Classes = classes;
        Capacity = Math.Max(2 * Lanes, (capacity + Lanes - 1) / Lanes * Lanes);
        X = new double[features * Capacity];
        Y = new double[classes * Capacity];
        Label = new double[Capacity];
        Label.AsSpan().Fill(-1);
    }

    public int Features { get; }

    public int Classes { get; }

    /// <summary>Padded capacity (multiple of 8).</summary>
    public int Capacity { get; }

    /// <summary>Valid rows now loaded.</summary>
    public int Count { get; private set; }

    /// <summary>Count rounded up to a multiple of 8: the stride of every row is <see cref="Capacity"/>, the kernels touch only this many lanes.</summary>
    public int Padded => Math.Max(2 * Lanes, (Count + Lanes - 1) / Lanes * Lanes);

    /// <summary>Features, [feature][sample] with stride <see cref="Capacity"/>.</summary>
    public double[] X { get; }

    /// <summary>One-hot targets, [class][sample] with stride <see cref="Capacity"/>.</summary>
    public double[] Y { get; }

    /// <summary>Class index as a double, -1 in padding lanes.</summary>
    public double[] Label { get; }

    /// <summary>The split the block was loaded from when it holds a whole split, else null.</summary>
    public DataSplit? Source { get; private set; }

    public static SampleBlock FromSplit(DataSplit split)
    {
        var b = new SampleBlock(split.FeatureCount, split.ClassCount, split.Count);
        b.Load(split, null, 0, split.Count);
        b.Source = split;
        return b;
    }

    /// <summary>Loads rows order[start .. start+count) of <paramref name="split"/> (all rows in order when order is null).</summary>
    public void Load(DataSplit split, int[]? order, int start, int count)
    {
        if (count > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        int d = Features, c = Classes, cap = Capacity;
        Array.Clear(X);
        Array.Clear(Y);
        Label.AsSpan().Fill(-1);
        for (var j = 0; j < count; j++)
        {
            var row = order is null ? start + j : order[start + j];
            for (var f = 0; f < d; f++)
            {
                X[f * cap + j] = split.Features[row * d + f];
            }

            var label = split.Labels[row];
            if ((uint)label >= (uint)c)
            {
                throw new ArgumentException($"Row {row}: class index {label} outside 0..{c - 1}.", nameof(split));
            }

            Y[label * cap + j] = 1.0;
            Label[j] = label;
        }

        Count = count;
        Source = null;
    }
}
