using System.Runtime.CompilerServices;

namespace NetOrbit.Graph.Kernels;

/// <summary>
/// Singular values of a small dense matrix by Householder QR with column pivoting followed by
/// one-sided (Hestenes) Jacobi rotations on the rows of the n x n triangular factor. Used instead
/// of Math.NET for matrices whose smaller side is at most <see cref="MaxColumns"/>: there the
/// library's setup dominates (2-20 µs for Iris-sized layers, measured in
/// <c>GraphStageBenchmarks</c>) while the stage must stay within a few µs per snapshot. Both steps
/// are backward stable (singular values accurate to a few ulps of the largest); the QR step lets
/// the rotations work on n vectors of length n instead of m, which are close to orthogonal already
/// (Iris' layers converge in four sweeps, the confirming one included). Plain loops rather than
/// TensorPrimitives: the vectors are 3 to 16 long, where a library call costs more than the
/// arithmetic and its generic instantiations cost tens of ms of JIT per process. The tests check
/// the result against Math.NET and against an eigen-solver of W^T W.
/// </summary>
[SkipLocalsInit]
internal static class SmallSvd
{
    /// <summary>Largest smaller side handled here; larger matrices go to Math.NET.</summary>
    public const int MaxColumns = 16;

    private const int MaxSweeps = 60;

    /// <summary>
    /// Computes the singular values of the m x n matrix whose <paramref name="n"/> columns (each
    /// <paramref name="m"/> long) are stored one after another in <paramref name="columns"/>
    /// (overwritten), descending, into <paramref name="values"/> (length n, n at most
    /// <see cref="MaxColumns"/>). Returns false when the sweeps did not converge (values are then NaN).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool SingularValues(Span<double> columns, int m, int n, Span<double> values)
    {
        if (columns.Length != m * n || values.Length != n || n > MaxColumns)
        {
            throw new ArgumentException("Buffer sizes disagree with the matrix shape.");
        }

        if (n == 0)
        {
            return true;
        }

        // With more rows than columns, the n x n factor R of A P = QR (and so R^T) has A's singular values.
        var rows = Math.Min(m, n);
        Span<double> r = stackalloc double[rows * n];
        if (m > n)
        {
            HouseholderR(columns, m, n, r);
        }
        else
        {
            columns.CopyTo(r);
        }

        if (!Jacobi(r, rows, n))
        {
            values.Fill(double.NaN);
            return false;
        }

        for (var j = 0; j < n; j++)
        {
            values[j] = Math.Sqrt(Dot(r.Slice(j * rows, rows), r.Slice(j * rows, rows)));
        }

        // Insertion sort, descending: n is at most 16.
        for (var i = 1; i < n; i++)
        {
            var v = values[i];
            var j = i - 1;
            while (j >= 0 && values[j] < v)
            {
                values[j + 1] = values[j];
                j--;
            }

            values[j + 1] = v;
        }

        return true;
    }

    /// <summary>x modulo <paramref name="count"/> for x in [0, 2 count).</summary>
    private static int Wrap(int x, int count) => x >= count ? x - count : x;

    /// <summary>
    /// Overwrites the m x n column-major <paramref name="a"/> (m &gt; n) by Householder QR with column
    /// pivoting (largest remaining column first) and writes R^T (n x n, column-major, so that its
    /// columns are the rows of R) to <paramref name="rt"/>. The pivoted factor's rows are close to
    /// orthogonal already, so the Jacobi sweeps on them converge in two or three sweeps instead of
    /// five or six on A's columns (Drmač and Veselić's preconditioning).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HouseholderR(Span<double> a, int m, int n, Span<double> rt)
    {
        rt.Clear();
        Span<double> swap = stackalloc double[m];
        for (var k = 0; k < n; k++)
        {
            // Pivot: the column with the largest norm in rows k..m-1.
            int pivot = k;
            double best = -1;
            for (var j = k; j < n; j++)
            {
                var c = a.Slice(j * m + k, m - k);
                var norm2 = Dot(c, c);
                if (norm2 > best)
                {
                    best = norm2;
                    pivot = j;
                }
            }

            if (pivot != k)
            {
                var ak = a.Slice(k * m, m);
                var ap = a.Slice(pivot * m, m);
                ak.CopyTo(swap);
                ap.CopyTo(ak);
                swap.CopyTo(ap);
            }

            var x = a.Slice(k * m + k, m - k);
            var norm = Math.Sqrt(best);
            if (norm > 0)
            {
                // v = x + sign(x0) |x| e0 (no cancellation); H = I - 2 v v^T / (v^T v) maps x to -sign(x0) |x| e0.
                var alpha = x[0] >= 0 ? -norm : norm;
                x[0] -= alpha;
                var vv = Dot(x, x);
                for (var j = k + 1; j < n; j++)
                {
                    var y = a.Slice(j * m + k, m - k);
                    var f = 2 * Dot(x, y) / vv;
                    for (var i = 0; i < y.Length; i++)
                    {
                        y[i] -= f * x[i];
                    }
                }

                x[0] = alpha;
            }

            // Column k of R (rows 0..k) is final now; R[i, k] goes to row k of column i of R^T.
            for (var i = 0; i <= k; i++)
            {
                rt[i * n + k] = a[k * m + i];
            }
        }
    }

    /// <summary>
    /// One-sided Jacobi: rotates pairs of the <paramref name="n"/> columns (each <paramref name="m"/>
    /// long) of <paramref name="columns"/> until every pair is orthogonal to working precision.
    /// Pairs come in round-robin order (each round pairs every column with a different one), so
    /// the rotations of a round are independent and the processor overlaps their square roots and
    /// divisions instead of waiting on each in turn.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Jacobi(Span<double> columns, int m, int n)
    {
        // Circle method over an even count (a dummy column n when n is odd): round r pairs
        // (r + i) and (r - i) modulo count - 1, and the last column with r.
        var even = n + (n & 1);
        Span<int> pairs = stackalloc int[even * (even - 1)];
        var count = 0;
        for (var r = 0; r < even - 1; r++)
        {
            for (var i = 0; i < even / 2; i++)
            {
                var p = i == 0 ? even - 1 : Wrap(r + i, even - 1);
                var q = Wrap(r - i + even - 1, even - 1);
                if (p < n && q < n)
                {
                    pairs[count++] = Math.Min(p, q);
                    pairs[count++] = Math.Max(p, q);
                }
            }
        }

        pairs = pairs[..count];

        // Squared column norms, refreshed exactly at every sweep and updated in between by the
        // rotation identities alpha' = alpha - t gamma, beta' = beta + t gamma, so that each pair
        // needs one dot product instead of three.
        Span<double> norms = stackalloc double[n];
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var converged = true;
            for (var j = 0; j < n; j++)
            {
                var c = columns.Slice(j * m, m);
                norms[j] = Dot(c, c);
            }

            for (var k = 0; k < pairs.Length; k += 2)
            {
                int p = pairs[k], q = pairs[k + 1];
                var ap = columns.Slice(p * m, m);
                var aq = columns.Slice(q * m, m);
                var gamma = Dot(ap, aq);
                double alpha = norms[p], beta = norms[q];

                // Columns already orthogonal to working precision (or one of them zero).
                if (Math.Abs(gamma) <= 1e-15 * Math.Sqrt(alpha * beta))
                {
                    continue;
                }

                // tan of the rotation angle, the smaller root of t^2 + 2 zeta t - 1 = 0 with
                // zeta = (beta - alpha) / (2 gamma), written without dividing by gamma.
                converged = false;
                var d = beta - alpha;
                var t = (d >= 0 ? 2 * gamma : -2 * gamma) / (Math.Abs(d) + Math.Sqrt(d * d + 4 * gamma * gamma));
                var cos = 1 / Math.Sqrt(1 + t * t);
                var sin = cos * t;
                for (var i = 0; i < ap.Length; i++)
                {
                    var x = ap[i];
                    var y = aq[i];
                    ap[i] = cos * x - sin * y;
                    aq[i] = sin * x + cos * y;
                }

                norms[p] = alpha - t * gamma;
                norms[q] = beta + t * gamma;
            }

            if (converged)
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
