using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace NetOrbit.Lyapunov;

/// <summary>
/// Sharpness, the top eigenvalue of the loss Hessian, by the Lanczos iteration on Hessian-vector
/// products with full re-orthogonalisation. Unlike the power iteration it returns the largest
/// algebraic eigenvalue even when a negative eigenvalue is larger in magnitude. At the edge of
/// stability (Cohen et al., ICLR 2021) sharpness * eta / 2 hovers at 1.
/// </summary>
public static class SharpnessEstimator
{
    /// <summary>Runs Lanczos on the symmetric operator <paramref name="apply"/> of dimension <paramref name="dimension"/>.</summary>
    /// <param name="apply">The operator, e.g. a Hessian-vector product at fixed weights.</param>
    /// <param name="dimension">Vector length n.</param>
    /// <param name="maxIterations">Most operator applications (capped at n; n gives the exact answer up to rounding).</param>
    /// <param name="tolerance">Stop when the top Ritz residual is below tolerance * max(1, |theta|).</param>
    /// <param name="seed">Seed of the start vector.</param>
    public static SharpnessResult Estimate(VectorOperator apply, int dimension, int maxIterations = 30, double tolerance = 1e-8, long seed = 1)
    {
        ArgumentNullException.ThrowIfNull(apply);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        var m = Math.Min(maxIterations, dimension);
        var basis = new double[m + 1][];
        var alpha = new double[m];
        var beta = new double[m];
        var q = BenettinEstimator.RandomDirection(dimension, seed);
        TensorPrimitives.Divide(q, TensorPrimitives.Norm<double>(q), q);
        basis[0] = q;
        var w = new double[dimension];
        var result = new SharpnessResult(double.NaN, double.NaN, 0, double.NaN, false);
        for (var j = 0; j < m; j++)
        {
            apply(basis[j], w);
            alpha[j] = TensorPrimitives.Dot<double>(basis[j], w);
            if (!double.IsFinite(alpha[j]))
            {
                return result with { Iterations = j + 1 };
            }

            // Full re-orthogonalisation, twice ("twice is enough"), against every previous vector.
            for (var pass = 0; pass < 2; pass++)
            {
                for (var i = 0; i <= j; i++)
                {
                    var c = TensorPrimitives.Dot<double>(basis[i], w);
                    TensorPrimitives.MultiplyAdd(basis[i], -c, w, w);
                }
            }

            beta[j] = TensorPrimitives.Norm<double>(w);
            var invariant = beta[j] <= 1e-12 * Math.Max(1, Math.Abs(alpha[j]));
            var last = j == m - 1 || invariant;
            if (last || (j + 1) % 5 == 0)
            {
                var (top, bottom, lastComponent) = Ritz(alpha, beta, j + 1);
                var residual = invariant ? 0 : beta[j] * Math.Abs(lastComponent);
                var converged = invariant || residual <= tolerance * Math.Max(1, Math.Abs(top)) || j + 1 == dimension;
                result = new SharpnessResult(top, bottom, j + 1, residual, converged);
                if (converged || last)
                {
                    return result;
                }
            }

            var next = new double[dimension];
            TensorPrimitives.Divide(w, beta[j], next);
            basis[j + 1] = next;
        }

        return result;
    }

    private static (double Top, double Bottom, double LastComponent) Ritz(double[] alpha, double[] beta, int k)
    {
        var t = Matrix<double>.Build.Dense(k, k);
        for (var i = 0; i < k; i++)
        {
            t[i, i] = alpha[i];
            if (i + 1 < k)
            {
                t[i, i + 1] = beta[i];
                t[i + 1, i] = beta[i];
            }
        }

        var evd = t.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues;
        int top = 0, bottom = 0;
        for (var i = 1; i < k; i++)
        {
            if (values[i].Real > values[top].Real)
            {
                top = i;
            }

            if (values[i].Real < values[bottom].Real)
            {
                bottom = i;
            }
        }

        return (values[top].Real, values[bottom].Real, evd.EigenVectors[k - 1, top]);
    }
}
