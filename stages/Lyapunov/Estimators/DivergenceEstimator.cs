using NetOrbit.TimeSeries;

namespace NetOrbit.Lyapunov;

/// <summary>
/// Maximal Lyapunov exponent from one recorded series (scalar or vector, optionally delay-embedded):
/// Rosenstein's nearest-neighbour method and Kantz's neighbourhood method. Both return the whole
/// divergence curve y(n), whose linear part's slope is the exponent.
/// </summary>
public static class DivergenceEstimator
{
    /// <summary>Estimates from a scalar series.</summary>
    public static DivergenceCurve Estimate(ReadOnlySpan<double> series, DivergenceMethod method, DivergenceOptions? options = null) =>
        Estimate(series, 1, method, options);

    /// <summary>Estimates from a series of <paramref name="width"/>-component points (row-major, e.g. weight vectors).</summary>
    public static DivergenceCurve Estimate(ReadOnlySpan<double> series, int width, DivergenceMethod method, DivergenceOptions? options = null)
    {
        options ??= new DivergenceOptions();
        options.Validate();
        foreach (var v in series)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("The series contains a non-finite value.", nameof(series));
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var rows = (int)Math.Max(0, DelayEmbedding.StateCount(series.Length / width, options.Dimension, options.Delay));
        var usable = rows - options.MaxSteps;
        if (usable < 2)
        {
            throw new ArgumentException($"The series is too short: {rows} embedded points leave no pairs followed for {options.MaxSteps} steps.", nameof(series));
        }

        var points = DelayEmbedding.EmbedVectors(series, width, options.Dimension, options.Delay);
        var d = width * options.Dimension;

        var references = SelectReferences(usable, options.ReferencePoints);
        var sums = new double[options.MaxSteps + 1];
        var counts = new int[options.MaxSteps + 1];
        var k = method == DivergenceMethod.Rosenstein ? 1 : options.Neighbours;
        var neighbours = new List<int>();
        var best = new (double Distance, int Index)[k];
        foreach (var i in references)
        {
            neighbours.Clear();
            if (method == DivergenceMethod.Kantz && options.Radius is { } radius)
            {
                for (var j = 0; j < usable; j++)
                {
                    if (Math.Abs(i - j) > options.Theiler && Distance(points, d, i, j, options.Norm) <= radius)
                    {
                        neighbours.Add(j);
                    }
                }
            }
            else
            {
                Nearest(points, d, i, usable, options, best, neighbours);
            }

            if (neighbours.Count == 0)
            {
                continue;
            }

            for (var n = 0; n <= options.MaxSteps; n++)
            {
                if (method == DivergenceMethod.Rosenstein)
                {
                    var dist = Distance(points, d, i + n, neighbours[0] + n, options.Norm);
                    if (dist > 0)
                    {
                        sums[n] += Math.Log(dist);
                        counts[n]++;
                    }
                }
                else
                {
                    double mean = 0;
                    foreach (var j in neighbours)
                    {
                        mean += Distance(points, d, i + n, j + n, options.Norm);
                    }

                    mean /= neighbours.Count;
                    if (mean > 0)
                    {
                        sums[n] += Math.Log(mean);
                        counts[n]++;
                    }
                }
            }
        }

        var curve = new double[options.MaxSteps + 1];
        for (var n = 0; n < curve.Length; n++)
        {
            curve[n] = counts[n] > 0 ? sums[n] / counts[n] : double.NaN;
        }

        var fitY = curve.AsSpan(options.FitStart, options.FitEnd - options.FitStart + 1);
        var fit = !HasNaN(fitY)
            ? LinearFit.FitIndexed(fitY, options.FitStart)
            : new LinearFit(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        return new DivergenceCurve(method, curve, counts, fit, options.FitStart, options.FitEnd, rows, references.Length);
    }

    private static bool HasNaN(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }

    private static int[] SelectReferences(int usable, int wanted)
    {
        if (wanted <= 0 || wanted >= usable)
        {
            return Enumerable.Range(0, usable).ToArray();
        }

        var refs = new int[wanted];
        for (var r = 0; r < wanted; r++)
        {
            refs[r] = (int)((long)r * usable / wanted);
        }

        return refs;
    }

    private static void Nearest(double[] points, int d, int i, int usable, DivergenceOptions options, (double Distance, int Index)[] best, List<int> result)
    {
        var filled = 0;
        for (var j = 0; j < usable; j++)
        {
            if (Math.Abs(i - j) <= options.Theiler)
            {
                continue;
            }

            var dist = Distance(points, d, i, j, options.Norm);
            if (filled < best.Length)
            {
                best[filled++] = (dist, j);
                Array.Sort(best, 0, filled);
            }
            else if (dist < best[^1].Distance)
            {
                // Insertion into the sorted list of the k nearest so far.
                var pos = best.Length - 1;
                while (pos > 0 && best[pos - 1].Distance > dist)
                {
                    best[pos] = best[pos - 1];
                    pos--;
                }

                best[pos] = (dist, j);
            }
        }

        for (var r = 0; r < filled; r++)
        {
            result.Add(best[r].Index);
        }
    }

    private static double Distance(double[] points, int d, int a, int b, DistanceNorm norm) =>
        d == 1 ? Math.Abs(points[a] - points[b]) : WeightDistance.Compute(points.AsSpan(a * d, d), points.AsSpan(b * d, d), norm);
}
