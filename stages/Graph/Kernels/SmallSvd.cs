using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace NetOrbit.Graph.Kernels;

/// <summary>
/// Singular values of a small dense matrix by one-sided (Hestenes) Jacobi rotations. Used instead
/// of Math.NET for matrices whose smaller side is at most <see cref="MaxColumns"/>: there the
/// library's setup dominates (2-20 µs for Iris-sized layers, measured in
/// <c>GraphStageBenchmarks</c>) while the stage must stay within a few µs per snapshot. One-sided
/// Jacobi is at least as accurate as bidiagonal QR (it attains high relative accuracy); the tests
/// check it against Math.NET and against an eigen-solver of W^T W.
/// </summary>
internal static class SmallSvd
{
    /// <summary>Largest smaller side handled here; larger matrices go to Math.NET.</summary>
    public const int MaxColumns = 16;

    private const int MaxSweeps = 60;

    /// <summary>
    /// Orthogonalises the <paramref name="n"/> columns (each <paramref name="m"/> long, stored one
    /// after another in <paramref name="columns"/>, overwritten) and writes their norms, the
    /// singular values, descending into <paramref name="values"/> (length n). Returns false when
    /// the sweeps did not converge (values are then NaN).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool SingularValues(Span<double> columns, int m, int n, Span<double> values)
    {
        if (columns.Length != m * n || values.Length != n)
        {
            throw new ArgumentException("Buffer sizes disagree with the matrix shape.");
        }

        // Squared column norms, refreshed exactly at every sweep and updated in between by the
        // rotation identities alpha' = alpha - t gamma, beta' = beta + t gamma, so that each pair
        // needs one dot product instead of three.
        Span<double> norms = n <= 64 ? stackalloc double[n] : new double[n];
        var converged = false;
        for (var sweep = 0; sweep < MaxSweeps && !converged; sweep++)
        {
            converged = true;
            for (var j = 0; j < n; j++)
            {
                var c = columns.Slice(j * m, m);
                norms[j] = TensorPrimitives.Dot(c, c);
            }

            for (var p = 0; p < n - 1; p++)
            {
                var ap = columns.Slice(p * m, m);
                for (var q = p + 1; q < n; q++)
                {
                    var aq = columns.Slice(q * m, m);
                    var gamma = TensorPrimitives.Dot(ap, aq);
                    double alpha = norms[p], beta = norms[q];

                    // Columns already orthogonal to working precision (or one of them zero).
                    if (Math.Abs(gamma) <= 1e-15 * Math.Sqrt(alpha * beta))
                    {
                        continue;
                    }

                    converged = false;
                    var zeta = (beta - alpha) / (2 * gamma);
                    var t = (zeta >= 0 ? 1 : -1) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    var cos = 1 / Math.Sqrt(1 + t * t);
                    var sin = cos * t;
                    for (var k = 0; k < m; k++)
                    {
                        var x = ap[k];
                        var y = aq[k];
                        ap[k] = cos * x - sin * y;
                        aq[k] = sin * x + cos * y;
                    }

                    norms[p] = alpha - t * gamma;
                    norms[q] = beta + t * gamma;
                }
            }
        }

        if (!converged)
        {
            values.Fill(double.NaN);
            return false;
        }

        for (var j = 0; j < n; j++)
        {
            values[j] = TensorPrimitives.Norm(columns.Slice(j * m, m));
        }

        values.Sort();
        values.Reverse();
        return true;
    }
}
