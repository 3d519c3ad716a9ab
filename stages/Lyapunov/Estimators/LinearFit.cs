namespace NetOrbit.Lyapunov;

/// <summary>Ordinary least squares of y on x: slope, intercept and R^2 = 1 - SSR/SST.</summary>
/// <param name="Slope">Fitted slope.</param>
/// <param name="Intercept">Fitted intercept.</param>
/// <param name="R2">Coefficient of determination; NaN when y is constant.</param>
/// <param name="StandardError">Standard error of the slope (NaN with fewer than 3 points).</param>
/// <param name="Count">Number of points.</param>
public readonly record struct LinearFit(double Slope, double Intercept, double R2, double StandardError, int Count)
{
    /// <summary>Two-pass OLS of <paramref name="y"/> on <paramref name="x"/> (equal lengths, at least 2 points).</summary>
    public static LinearFit Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length || x.Length < 2)
        {
            throw new ArgumentException("Need at least two (x, y) pairs of equal length.", nameof(y));
        }

        var n = x.Length;
        double mx = 0, my = 0;
        for (var i = 0; i < n; i++)
        {
            mx += x[i];
            my += y[i];
        }

        mx /= n;
        my /= n;
        double sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        return FromMoments(n, mx, my, sxx, sxy, syy);
    }

    /// <summary>OLS of <paramref name="y"/> on the indices first, first + 1, ...</summary>
    public static LinearFit FitIndexed(ReadOnlySpan<double> y, int first = 0)
    {
        Span<double> x = y.Length <= 512 ? stackalloc double[y.Length] : new double[y.Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = first + i;
        }

        return Fit(x, y);
    }

    /// <summary>The fit from centred moments (n points, means, centred sums of squares and products).</summary>
    internal static LinearFit FromMoments(int n, double mx, double my, double sxx, double sxy, double syy)
    {
        if (sxx <= 0)
        {
            return new LinearFit(double.NaN, double.NaN, double.NaN, double.NaN, n);
        }

        var slope = sxy / sxx;
        var intercept = my - slope * mx;
        var ssr = Math.Max(0, syy - slope * sxy);
        var r2 = syy > 0 ? 1 - ssr / syy : double.NaN;
        var se = n > 2 ? Math.Sqrt(ssr / (n - 2) / sxx) : double.NaN;
        return new LinearFit(slope, intercept, r2, se, n);
    }

    /// <summary>Two-sided p-value of the t test that the slope is zero (n - 2 degrees of freedom).</summary>
    public double SlopePValue()
    {
        if (Count < 3 || double.IsNaN(Slope))
        {
            return double.NaN;
        }

        if (StandardError == 0)
        {
            return Slope == 0 ? 1 : 0;
        }

        var t = Math.Abs(Slope / StandardError);
        return 2 * (1 - MathNet.Numerics.Distributions.StudentT.CDF(0, 1, Count - 2, t));
    }
}
