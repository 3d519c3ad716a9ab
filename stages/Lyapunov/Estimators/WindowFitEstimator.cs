namespace NetOrbit.Lyapunov;

/// <summary>
/// The paper's finite network Lyapunov estimator (its Eq. 4 and its code): ordinary least squares of
/// ln m(t) on t over every window [x1, x1 + w) of a grid, the best R^2 wins, and the initial
/// condition is kept when R^2 and the slope pass the filter. Prefix sums make each fit O(1).
/// </summary>
public static class WindowFitEstimator
{
    /// <summary>
    /// Fits the window grid of <paramref name="options"/> to ln <paramref name="meanDistance"/>,
    /// where meanDistance[t] = m(t) is the mean distance over the perturbed copies at step t.
    /// NaN marks a step without a snapshot (sparsely recorded trajectories): it is left out of the
    /// windows that cover it. Windows that run past the curve's end, contain a non-positive or
    /// infinite m(t), or hold fewer than 3 points are skipped. Among equal R^2 the first window in
    /// (start, length) order wins.
    /// </summary>
    public static WindowFitResult Fit(ReadOnlySpan<double> meanDistance, WindowFitOptions? options = null)
    {
        options ??= WindowFitOptions.Paper;
        options.Validate();
        var n = meanDistance.Length;

        // Centre ln m by its mean over the points, so the one-pass sums do not cancel.
        var logs = new double[n];
        double centre = 0;
        var good = 0;
        for (var t = 0; t < n; t++)
        {
            var m = meanDistance[t];
            logs[t] = m > 0 && double.IsFinite(m) ? Math.Log(m) : double.NaN;
            if (!double.IsNaN(logs[t]))
            {
                centre += logs[t];
                good++;
            }
        }

        centre = good > 0 ? centre / good : 0;
        var count = new int[n + 1];
        var bad = new int[n + 1];
        var st = new double[n + 1];
        var stt = new double[n + 1];
        var sy = new double[n + 1];
        var syy = new double[n + 1];
        var sty = new double[n + 1];
        for (var t = 0; t < n; t++)
        {
            var present = !double.IsNaN(logs[t]);
            var y = present ? logs[t] - centre : 0;
            var x = present ? t : 0.0;
            count[t + 1] = count[t] + (present ? 1 : 0);
            bad[t + 1] = bad[t] + (!present && !double.IsNaN(meanDistance[t]) ? 1 : 0);
            st[t + 1] = st[t] + x;
            stt[t + 1] = stt[t] + x * x;
            sy[t + 1] = sy[t] + y;
            syy[t + 1] = syy[t] + y * y;
            sty[t + 1] = sty[t] + x * y;
        }

        var best = new WindowFitResult(double.NaN, double.NaN, -1, 0, false, 0);
        var fitted = 0;
        for (var x1 = options.StartMin; x1 <= options.StartMax; x1 += options.StartStep)
        {
            for (var w = options.LengthMin; w <= options.LengthMax; w += options.LengthStep)
            {
                var end = x1 + w;
                if (end > n || bad[end] - bad[x1] > 0 || count[end] - count[x1] < 3)
                {
                    continue;
                }

                var fit = FitWindow(count, st, stt, sy, syy, sty, x1, end);
                fitted++;
                if (double.IsNaN(fit.R2))
                {
                    continue;
                }

                if (best.WindowStart < 0 || fit.R2 > best.R2)
                {
                    best = new WindowFitResult(fit.Slope, fit.R2, x1, w, false, 0);
                }
            }
        }

        var kept = best.WindowStart >= 0 && best.R2 > options.MinR2 && best.Lambda > options.MinLambda;
        return best with { Kept = kept, WindowsFitted = fitted };
    }

    /// <summary>The literal Eq. 4 at saturation time tau: (1/tau) ln(m(tau)/m(0)); NaN when tau is out of range or m is not positive.</summary>
    public static double Eq4(ReadOnlySpan<double> meanDistance, int tau)
    {
        if (tau <= 0 || tau >= meanDistance.Length)
        {
            return double.NaN;
        }

        double m0 = meanDistance[0], mt = meanDistance[tau];
        return m0 > 0 && mt > 0 && double.IsFinite(m0) && double.IsFinite(mt) ? Math.Log(mt / m0) / tau : double.NaN;
    }

    /// <summary>The same fit computed directly (two passes) on one window; the reference for tests.</summary>
    internal static LinearFit FitWindowDirect(ReadOnlySpan<double> meanDistance, int start, int length)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (var i = 0; i < length; i++)
        {
            if (!double.IsNaN(meanDistance[start + i]))
            {
                x.Add(start + i);
                y.Add(Math.Log(meanDistance[start + i]));
            }
        }

        return LinearFit.Fit(x.ToArray(), y.ToArray());
    }

    private static LinearFit FitWindow(int[] count, double[] st, double[] stt, double[] sy, double[] syy, double[] sty, int start, int end)
    {
        double n = count[end] - count[start];
        var sumT = st[end] - st[start];
        var sumTT = stt[end] - stt[start];
        var sumY = sy[end] - sy[start];
        var sumYY = syy[end] - syy[start];
        var sumTY = sty[end] - sty[start];
        var mt = sumT / n;
        var my = sumY / n;
        var sxx = sumTT - sumT * mt;
        var sxy = sumTY - mt * sumY;
        var syyc = sumYY - sumY * my;
        return LinearFit.FromMoments((int)n, mt, my, sxx, sxy, syyc);
    }
}
