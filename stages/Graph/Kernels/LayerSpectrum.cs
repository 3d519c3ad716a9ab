using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics;

namespace NetOrbit.Graph.Kernels;

/// <summary>
/// Spectral quantities of one weight matrix stored row-major [rows x cols] (the layout's
/// [inputs x outputs]). Singular values come from Math.NET's SVD, or from <see cref="SmallSvd"/>
/// when the smaller side is at most <see cref="SmallSvd.MaxColumns"/>; a matrix with a non-finite
/// entry or one on which the SVD does not converge yields NaN values (data, not an exception).
/// </summary>
internal static class LayerSpectrum
{
    /// <summary>Frobenius norm sqrt(sum w^2).</summary>
    public static double Frobenius(ReadOnlySpan<double> weights) => NetworkNorms.L2(weights);

    /// <summary>
    /// Fills <paramref name="values"/> (length min(rows, cols)) with the singular values in
    /// descending order. <paramref name="scratch"/> has exactly rows * cols values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SingularValues(ReadOnlySpan<double> weights, int rows, int cols, Span<double> values, double[] scratch)
    {
        var k = Math.Min(rows, cols);
        if (weights.Length != rows * cols || values.Length != k || scratch.Length != rows * cols)
        {
            throw new ArgumentException("Matrix, scratch and output sizes disagree.");
        }

        if (!double.IsFinite(NetworkNorms.L1(weights)))
        {
            values.Fill(double.NaN);
            return;
        }

        if (k <= SmallSvd.MaxColumns)
        {
            // Jacobi works on the k columns of W (cols <= rows) or of W^T (rows < cols); both have
            // the singular values of W. Rows of W are already contiguous columns of W^T.
            if (rows <= cols)
            {
                weights.CopyTo(scratch);
                SmallSvd.SingularValues(scratch, cols, rows, values);
            }
            else
            {
                for (var i = 0; i < rows; i++)
                {
                    for (var j = 0; j < cols; j++)
                    {
                        scratch[j * rows + i] = weights[i * cols + j];
                    }
                }

                SmallSvd.SingularValues(scratch, rows, cols, values);
            }

            return;
        }

        // A row-major [rows x cols] buffer read column-major is the transpose, which has the same
        // singular values, so the buffer is handed to Math.NET without reordering.
        weights.CopyTo(scratch);
        var m = Matrix<double>.Build.Dense(cols, rows, scratch);
        try
        {
            var s = m.Svd(computeVectors: false).S;
            for (var i = 0; i < k; i++)
            {
                values[i] = s[i];
            }
        }
        catch (NonConvergenceException)
        {
            values.Fill(double.NaN);
        }
    }

    /// <summary>Stable rank ||W||_F^2 / ||W||_2^2, in [1, min(rows, cols)]; NaN for the zero matrix.</summary>
    public static double StableRank(double frobenius, double spectralNorm) =>
        spectralNorm > 0 ? frobenius * frobenius / (spectralNorm * spectralNorm) : double.NaN;
}
