using Xunit;
using NetOrbit.Recurrence;

namespace NetOrbit.Tests.Recurrence;

/// <summary>
/// Test oracle: a literal port of RecurrenceAnalysis.jl (src/rqa/histograms.jl, src/rqa/rqa.jl)
/// working on the materialised N x N recurrence matrix in CSC order (column by column, rows
/// ascending), 1-based like the original. Slow and simple on purpose.
/// </summary>
internal static class JuliaReference
{
    internal sealed record Result(
        double RR, double DET, double L, double Lmax, double DIV, double ENTR, double TREND, double LAM, double TT,
        double Vmax, double VENTR, double MRT, double RTE, double NMPRT, long[] DiagonalHistogram, long[] VerticalHistogram,
        long[] RecurrenceTimeHistogram);

    internal static double Distance(double[] points, int m, int i, int j, DistanceMetric metric)
    {
        double acc = 0;
        for (int k = 0; k < m; k++)
        {
            double d = points[i * m + k] - points[j * m + k];
            acc = metric switch
            {
                DistanceMetric.Euclidean => acc + d * d,
                DistanceMetric.Manhattan => acc + Math.Abs(d),
                _ => Math.Max(acc, Math.Abs(d)),
            };
        }

        return metric == DistanceMetric.Euclidean ? Math.Sqrt(acc) : acc;
    }

    internal static bool[,] Matrix(double[] points, int m, double eps, DistanceMetric metric)
    {
        int n = points.Length / m;
        var r = new bool[n, n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i <= j; i++)
            {
                bool rec = Distance(points, m, i, j, metric) <= eps;
                r[i, j] = rec;
                r[j, i] = rec;
            }
        }

        return r;
    }

    internal static Result Rqa(bool[,] r, int theiler, int lmin, int vmin, int border = 10)
    {
        int n = r.GetLength(0);
        var rows = new List<int>();
        var cols = new List<int>();
        long nnz = 0;
        for (int j = 1; j <= n; j++)
        {
            for (int i = 1; i <= n; i++)
            {
                if (r[i - 1, j - 1])
                {
                    rows.Add(i);
                    cols.Add(j);
                    nnz++;
                }
            }
        }

        // recurrencerate
        double rr;
        double denominator;
        if (theiler == 0)
        {
            denominator = (double)n * n;
            rr = nnz / denominator;
        }
        else
        {
            long theilerNz = 0;
            for (int p = 0; p < rows.Count; p++)
            {
                if (Math.Abs(rows[p] - cols[p]) <= theiler - 1)
                {
                    theilerNz++;
                }
            }

            long k = n - theiler;
            denominator = k * (k + 1);
            rr = (nnz - theilerNz) / denominator;
        }

        // diagonalhistogram (symmetric matrix)
        var rv = new List<int>();
        var dv = new List<int>();
        for (int p = 0; p < rows.Count; p++)
        {
            int d = cols[p] - rows[p];
            if (d >= Math.Max(theiler, 1))
            {
                rv.Add(rows[p]);
                dv.Add(d);
            }
        }

        var order = Enumerable.Range(0, dv.Count).OrderBy(p => dv[p]).ToArray(); // stable
        var rvs = order.Select(p => rv[p]).ToList();
        var dvs = order.Select(p => dv[p]).ToList();
        var dh = LineHistograms(rvs, dvs, lmin, 0, false).Bins.Select(x => 2 * x).ToList();
        if (theiler == 0)
        {
            var drows = new List<int>();
            var dcols = new List<int>();
            for (int i = 1; i <= n; i++)
            {
                if (r[i - 1, i - 1])
                {
                    drows.Add(i);
                    dcols.Add(1);
                }
            }

            var loi = LineHistograms(drows, dcols, lmin, 0, true).Bins;
            if (loi.Count > dh.Count)
            {
                for (int l = 0; l < dh.Count; l++)
                {
                    loi[l] += dh[l];
                }

                dh = loi;
            }
            else
            {
                for (int l = 0; l < loi.Count; l++)
                {
                    dh[l] += loi[l];
                }
            }
        }

        var (vh, rth) = LineHistograms(rows, cols, vmin, theiler, true);

        // tau_recurrence + _trend
        var rrTau = new double[n];
        for (int p = 0; p < rows.Count; p++)
        {
            int d = Math.Abs(rows[p] - cols[p]);
            if (d == 0)
            {
                rrTau[0] += 1.0 / (n - d);
            }
            else
            {
                rrTau[d] += 0.5 / (n - d);
            }
        }

        int a = 1 + theiler;
        int b = n - border;
        double meanRr = 0;
        for (int t = a; t <= b; t++)
        {
            meanRr += rrTau[t - 1];
        }

        meanRr /= b - a + 1;
        double num = 0;
        double den = 0;
        for (int t = a; t <= b; t++)
        {
            double delta = t - b / 2.0;
            num += delta * (rrTau[t - 1] - meanRr);
            den += delta * delta;
        }

        double trend = 1000.0 * num / den;
        double npoints = rr * denominator;
        return new Result(
            rr,
            IsEmpty(dh) ? 0.0 : WeightedSum(dh) / npoints,
            IsEmpty(dh) ? 0.0 : (double)WeightedSum(dh) / dh.Sum(),
            IsEmpty(dh) ? 0 : dh.Count,
            1.0 / (IsEmpty(dh) ? 0 : dh.Count),
            Entropy(dh),
            trend,
            IsEmpty(vh) ? 0.0 : WeightedSum(vh) / npoints,
            IsEmpty(vh) ? 0.0 : (double)WeightedSum(vh) / vh.Sum(),
            IsEmpty(vh) ? 0 : vh.Count,
            Entropy(vh),
            IsEmpty(rth) ? 0.0 : (double)WeightedSum(rth) / rth.Sum(),
            Entropy(rth),
            rth.Max(),
            [.. dh],
            [.. vh],
            [.. rth]);
    }

    private static bool IsEmpty(List<long> h) => h.Count == 1 && h[0] == 0;

    private static long WeightedSum(List<long> h)
    {
        long s = 0;
        for (int l = 0; l < h.Count; l++)
        {
            s += (l + 1) * h[l];
        }

        return s;
    }

    private static double Entropy(List<long> h)
    {
        if (IsEmpty(h))
        {
            return double.NaN;
        }

        double total = h.Sum();
        double s = 0;
        foreach (long x in h)
        {
            if (x != 0)
            {
                double p = x / total;
                s += p * Math.Log(p);
            }
        }

        return -s;
    }

    private static int Extend(List<long> h, int nbins, int p)
    {
        while (h.Count < p)
        {
            h.Add(0);
        }

        h[p - 1]++;
        return Math.Max(nbins, p);
    }

    /// <summary>Port of <c>_linehistograms(rows, cols, lmin, theiler, distances)</c>; index 0 = length 1.</summary>
    private static (List<long> Bins, List<long> BinsD) LineHistograms(List<int> rows, List<int> cols, int lmin, int theiler, bool distances)
    {
        int n = rows.Count;
        var bins = new List<long> { 0 };
        int nbins = 1;
        var binsD = new List<long> { 0 };
        int nbinsD = 1;
        int firstindex = 0;
        while (firstindex < n && Math.Abs(rows[firstindex] - cols[firstindex]) < theiler)
        {
            firstindex++;
        }

        if (firstindex >= n)
        {
            return ([0], [0]);
        }

        int cprev = cols[firstindex];
        int r1 = rows[firstindex];
        int rprev = r1 - 1;
        int dist = 0;
        int currentVert;
        int halfline;
        for (int i = firstindex; i < n; i++)
        {
            int r = rows[i];
            int c = cols[i];
            if (Math.Abs(r - c) >= theiler)
            {
                if (c == cprev)
                {
                    if (r - rprev != 1)
                    {
                        currentVert = rprev - r1 + 1;
                        if (currentVert >= lmin)
                        {
                            nbins = Extend(bins, nbins, currentVert);
                        }

                        if (distances)
                        {
                            halfline = currentVert / 2;
                            if (dist != 0)
                            {
                                nbinsD = Extend(binsD, nbinsD, dist + halfline);
                            }

                            dist = r - rprev + halfline - 1;
                        }

                        r1 = r;
                    }

                    rprev = r;
                }
                else
                {
                    currentVert = rprev - r1 + 1;
                    if (currentVert >= lmin)
                    {
                        nbins = Extend(bins, nbins, currentVert);
                    }

                    if (distances)
                    {
                        if (dist != 0)
                        {
                            halfline = currentVert / 2;
                            nbinsD = Extend(binsD, nbinsD, dist + halfline);
                        }

                        dist = 0;
                    }

                    cprev = c;
                    r1 = r;
                    rprev = r;
                }
            }
        }

        currentVert = rprev - r1 + 1;
        if (currentVert >= lmin)
        {
            Extend(bins, nbins, currentVert);
        }

        if (distances && dist != 0)
        {
            halfline = currentVert / 2;
            Extend(binsD, nbinsD, dist + halfline);
        }

        return (bins, binsD);
    }
}
