namespace NetOrbit.Lyapunov;

/// <summary>
/// Periodic plateaus of a loss series: stretches where the loss repeats with a given period (the
/// paper's period-3 plateaus at eta = 5, its Fig. 9). Step t is periodic when
/// |L(t+p) - L(t)| &lt;= tol * |L(t)| and the p values L(t)..L(t+p-1) are not all equal within the
/// same tolerance (a fixed point is not a period-p orbit); a plateau is a maximal run of periodic
/// steps, covering steps t_first .. t_last + p, at least <c>minLength</c> steps long.
/// </summary>
internal static class LossPlateaus
{
    /// <summary>Finds the plateaus of <paramref name="loss"/>; non-finite values end any plateau.</summary>
    /// <param name="loss">The series, one value per step.</param>
    /// <param name="period">The period p, &gt;= 2.</param>
    /// <param name="tolerance">Relative tolerance tol, &gt; 0.</param>
    /// <param name="minLength">Shortest plateau counted, in steps, &gt; p.</param>
    public static LossPlateauResult Find(ReadOnlySpan<double> loss, int period, double tolerance, int minLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tolerance);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minLength, period);
        var segments = 0;
        var covered = 0;
        var longest = 0;
        var values = new List<double>();
        var start = -1;
        for (var t = 0; t <= loss.Length - period; t++)
        {
            var periodic = t + period < loss.Length && IsPeriodic(loss, t, period, tolerance);
            if (periodic && start < 0)
            {
                start = t;
            }
            else if (!periodic && start >= 0)
            {
                Close(loss, start, t - 1);
                start = -1;
            }
        }

        if (start >= 0)
        {
            Close(loss, start, loss.Length - period - 1);
        }

        values.Sort();
        var median = values.Count == 0 ? double.NaN : values.Count % 2 == 1 ? values[values.Count / 2] : 0.5 * (values[(values.Count / 2) - 1] + values[values.Count / 2]);
        return new LossPlateauResult(period, segments, covered, loss.Length == 0 ? 0 : (double)covered / loss.Length, longest, median);

        void Close(ReadOnlySpan<double> series, int first, int last)
        {
            var length = last - first + 1 + period;
            if (length < minLength)
            {
                return;
            }

            segments++;
            covered += length;
            longest = Math.Max(longest, length);
            for (var s = first; s < first + length; s++)
            {
                values.Add(series[s]);
            }
        }
    }

    private static bool IsPeriodic(ReadOnlySpan<double> loss, int t, int period, double tolerance)
    {
        var a = loss[t];
        var b = loss[t + period];
        if (!double.IsFinite(a) || !double.IsFinite(b))
        {
            return false;
        }

        var scale = tolerance * Math.Abs(a);
        if (Math.Abs(b - a) > scale)
        {
            return false;
        }

        for (var k = 1; k < period; k++)
        {
            if (!double.IsFinite(loss[t + k]))
            {
                return false;
            }

            if (Math.Abs(loss[t + k] - a) > scale)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What <see cref="LossPlateaus.Find"/> found.</summary>
/// <param name="Period">The period looked for.</param>
/// <param name="Segments">Number of plateaus.</param>
/// <param name="Steps">Steps inside plateaus.</param>
/// <param name="Fraction">Steps inside plateaus over the series length.</param>
/// <param name="Longest">Longest plateau in steps (0 when none).</param>
/// <param name="MedianLoss">Median loss over the plateaus' steps (NaN when none).</param>
internal readonly record struct LossPlateauResult(int Period, int Segments, int Steps, double Fraction, int Longest, double MedianLoss);
