using NetOrbit.Randomness;

namespace NetOrbit.Lyapunov;

/// <summary>
/// The paper's Kantz-type analysis of a scalar loss series (Fig. 11): neighbours in loss value,
/// the mean absolute separation d_n after n steps, the slope of ln d_n over the best-R^2 window and
/// a fixed-window significance test.
/// </summary>
public static class LossKantzAnalysis
{
    /// <summary>Analyses <paramref name="loss"/> (finite values, longer than MaxSteps + 1).</summary>
    public static LossKantzResult Analyze(ReadOnlySpan<double> loss, LossKantzOptions? options = null)
    {
        options ??= new LossKantzOptions();
        options.Validate();
        foreach (var v in loss)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("The loss series contains a non-finite value.", nameof(loss));
            }
        }

        var usable = loss.Length - options.MaxSteps;
        if (usable < 2)
        {
            throw new ArgumentException($"The loss series ({loss.Length} values) is too short for {options.MaxSteps} steps.", nameof(loss));
        }

        // Seeded draw without replacement (partial Fisher-Yates), then ascending for a stable order.
        var order = Enumerable.Range(0, usable).ToArray();
        var count = Math.Min(options.ReferencePoints, usable);
        var rng = new SeededRandom(options.Seed);
        for (var r = 0; r < count; r++)
        {
            var pick = r + rng.NextInt(usable - r);
            (order[r], order[pick]) = (order[pick], order[r]);
        }

        var refs = order.AsSpan(0, count).ToArray();
        Array.Sort(refs);
        var sums = new double[options.MaxSteps + 1];
        long pairs = 0;
        var referencesUsed = 0;
        foreach (var i in refs)
        {
            var found = false;
            for (var j = 0; j < usable; j++)
            {
                if (Math.Abs(i - j) <= options.Theiler || Math.Abs(loss[j] - loss[i]) > options.Tolerance)
                {
                    continue;
                }

                found = true;
                pairs++;
                AddSeparations(loss.Slice(i, sums.Length), loss.Slice(j, sums.Length), sums);
            }

            if (found)
            {
                referencesUsed++;
            }
        }

        var d = new double[options.MaxSteps + 1];
        var logs = new double[d.Length];
        for (var n = 0; n < d.Length; n++)
        {
            d[n] = pairs > 0 ? sums[n] / pairs : double.NaN;
            logs[n] = d[n] > 0 ? Math.Log(d[n]) : double.NaN;
        }

        double bestR2 = double.NaN, bestSlope = double.NaN;
        var bestEnd = -1;
        for (var m = options.WindowMin; m <= options.WindowMax; m++)
        {
            var window = logs.AsSpan(1, m - 1);
            if (HasNonFinite(window))
            {
                continue;
            }

            var fit = LinearFit.FitIndexed(window, 1);
            if (!double.IsNaN(fit.R2) && (bestEnd < 0 || fit.R2 > bestR2))
            {
                (bestR2, bestSlope, bestEnd) = (fit.R2, fit.Slope, m - 1);
            }
        }

        var sig = logs.AsSpan(options.SignificanceStart, options.SignificanceLength);
        var p = HasNonFinite(sig) ? double.NaN : LinearFit.FitIndexed(sig, options.SignificanceStart).SlopePValue();
        return new LossKantzResult(d, bestSlope, bestR2, bestEnd, p, p <= options.Alpha, referencesUsed, pairs);
    }

    /// <summary>
    /// sums[n] += |a[n] - b[n]|, element by element (vectorised: each element's arithmetic, and so the
    /// result, is the scalar loop's). In a period-3 plateau every point of the same phase is a
    /// neighbour, and this loop is most of the analysis.
    /// </summary>
    private static void AddSeparations(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> sums)
    {
        var n = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var width = System.Numerics.Vector<double>.Count;
            for (; n + width <= sums.Length; n += width)
            {
                var d = System.Numerics.Vector.Abs(new System.Numerics.Vector<double>(a[n..]) - new System.Numerics.Vector<double>(b[n..]));
                (new System.Numerics.Vector<double>(sums[n..]) + d).CopyTo(sums[n..]);
            }
        }

        for (; n < sums.Length; n++)
        {
            sums[n] += Math.Abs(a[n] - b[n]);
        }
    }

    private static bool HasNonFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return true;
            }
        }

        return false;
    }
}
