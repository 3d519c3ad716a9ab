using System.Collections.Immutable;

namespace NetOrbit.Recurrence;

/// <summary>
/// Turns line histograms into the RQA measures with the formulas of RecurrenceAnalysis.jl
/// (src/rqa/rqa.jl, src/rqa/histograms.jl): DET and LAM divide by RR times the RR denominator,
/// averages and maxima of empty histograms are 0 and their entropies NaN, NMPRT is the largest
/// recurrence-time count, TREND regresses the per-diagonal recurrence rate on a balanced
/// diagonal distance with the 'border' outermost diagonals left out.
/// </summary>
internal static class RqaMeasures
{
    internal static RqaResult Build(int n, double epsilon, RqaOptions options, long[] diagonal, long[] vertical, long[] recurrenceTime, long[] diagonalCount)
    {
        int w = options.TheilerWindow;
        int wd = Math.Max(w, 1);
        long upper = 0;
        for (int d = wd; d < n; d++)
        {
            upper += diagonalCount[d];
        }

        long count = 2 * upper + (w == 0 ? n : 0);
        double denominator = w == 0 ? (double)n * n : (double)(n - w) * (n - w + 1);
        double rr = count / denominator;
        double npoints = rr * denominator;

        var (dSum, dLines, dMax) = Moments(diagonal, options.MinDiagonalLine);
        var (vSum, vLines, vMax) = Moments(vertical, options.MinVerticalLine);
        var (tSum, tLines, _) = Moments(recurrenceTime, 1);
        long nmprt = 0;
        foreach (long h in recurrenceTime)
        {
            nmprt = Math.Max(nmprt, h);
        }

        return new RqaResult
        {
            PointCount = n,
            Epsilon = epsilon,
            RecurrenceCount = count,
            RR = rr,
            DET = dLines == 0 ? 0.0 : dSum / npoints,
            L = dLines == 0 ? 0.0 : (double)dSum / dLines,
            Lmax = dMax,
            DIV = 1.0 / dMax,
            ENTR = Entropy(diagonal, options.MinDiagonalLine, dLines),
            TREND = Trend(n, diagonalCount, w, options.TrendBorder),
            LAM = vLines == 0 ? 0.0 : vSum / npoints,
            TT = vLines == 0 ? 0.0 : (double)vSum / vLines,
            Vmax = vMax,
            VENTR = Entropy(vertical, options.MinVerticalLine, vLines),
            MRT = tLines == 0 ? 0.0 : (double)tSum / tLines,
            RTE = Entropy(recurrenceTime, 1, tLines),
            NMPRT = nmprt,
            DiagonalHistogram = Trim(diagonal),
            VerticalHistogram = Trim(vertical),
            RecurrenceTimeHistogram = Trim(recurrenceTime),
        };
    }

    /// <summary>Sum of length * count, number of lines and longest line over lengths &gt;= min.</summary>
    private static (long Sum, long Lines, int Max) Moments(long[] histogram, int min)
    {
        long sum = 0;
        long lines = 0;
        int max = 0;
        for (int l = min; l < histogram.Length; l++)
        {
            long h = histogram[l];
            if (h != 0)
            {
                sum += l * h;
                lines += h;
                max = l;
            }
        }

        return (sum, lines, max);
    }

    private static double Entropy(long[] histogram, int min, long lines)
    {
        if (lines == 0)
        {
            return double.NaN;
        }

        double total = lines;
        double s = 0;
        for (int l = min; l < histogram.Length; l++)
        {
            if (histogram[l] != 0)
            {
                double p = histogram[l] / total;
                s += p * Math.Log(p);
            }
        }

        return -s;
    }

    /// <summary>
    /// Julia's <c>_trend(tau_recurrence(R); theiler, border)</c> with 1-based diagonal index
    /// t = d + 1, RR_t = (points on diagonal d) / (N - d), t from 1 + w to N - border, and
    /// delta_t = t - (N - border) / 2. RR_t is computed as one division where Julia adds
    /// 0.5 / (N - d) point by point, and the sums are compensated, so results agree with
    /// Julia to rounding (about 1e-13 relative), not bit for bit.
    /// </summary>
    private static double Trend(int n, long[] diagonalCount, int w, int border)
    {
        int a = 1 + w;
        int b = n - border;
        if (b < a)
        {
            return double.NaN;
        }

        double Rate(int t)
        {
            int d = t - 1;
            return d == 0 ? 1.0 : (double)diagonalCount[d] / (n - d);
        }

        var mean = new CompensatedSum();
        for (int t = a; t <= b; t++)
        {
            mean.Add(Rate(t));
        }

        double mu = mean.Value / (b - a + 1);
        var num = new CompensatedSum();
        var den = new CompensatedSum();
        double half = b / 2.0;
        for (int t = a; t <= b; t++)
        {
            double delta = t - half;
            num.Add(delta * (Rate(t) - mu));
            den.Add(delta * delta);
        }

        return 1000.0 * num.Value / den.Value;
    }

    private static ImmutableArray<long> Trim(long[] histogram)
    {
        int last = histogram.Length - 1;
        while (last > 0 && histogram[last] == 0)
        {
            last--;
        }

        return ImmutableArray.Create(histogram, 0, last + 1);
    }
}
