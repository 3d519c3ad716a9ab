namespace NetOrbit.Tests.Graph;

/// <summary>
/// Cyclic Jacobi eigenvalue iteration for a small symmetric matrix, written here so that the stage's
/// Math.NET results are checked against an independent computation.
/// </summary>
internal static class JacobiEigen
{
    /// <summary>Eigenvalues of the symmetric n x n row-major matrix <paramref name="a"/>, descending.</summary>
    public static double[] Eigenvalues(double[] a, int n)
    {
        var m = (double[])a.Clone();
        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, total = 0;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    total += m[i * n + j] * m[i * n + j];
                    if (i != j)
                    {
                        off += m[i * n + j] * m[i * n + j];
                    }
                }
            }

            if (off <= 1e-30 * total)
            {
                break;
            }

            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    var apq = m[p * n + q];
                    if (apq == 0)
                    {
                        continue;
                    }

                    var theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        // Rotate columns p and q, then rows p and q: m <- J^T m J.
                        var mkp = m[k * n + p];
                        var mkq = m[k * n + q];
                        m[k * n + p] = c * mkp - s * mkq;
                        m[k * n + q] = s * mkp + c * mkq;
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var mpk = m[p * n + k];
                        var mqk = m[q * n + k];
                        m[p * n + k] = c * mpk - s * mqk;
                        m[q * n + k] = s * mpk + c * mqk;
                    }
                }
            }
        }

        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = m[i * n + i];
        }

        Array.Sort(values);
        Array.Reverse(values);
        return values;
    }

    /// <summary>Singular values of a row-major rows x cols matrix as sqrt of the eigenvalues of W^T W (descending, min(rows, cols) of them).</summary>
    public static double[] SingularValues(double[] w, int rows, int cols)
    {
        var gram = new double[cols * cols];
        for (var i = 0; i < cols; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                double s = 0;
                for (var r = 0; r < rows; r++)
                {
                    s += w[r * cols + i] * w[r * cols + j];
                }

                gram[i * cols + j] = s;
            }
        }

        return Eigenvalues(gram, cols).Take(Math.Min(rows, cols)).Select(v => Math.Sqrt(Math.Max(v, 0))).ToArray();
    }

    /// <summary>Seeded standard normal matrix (Box-Muller).</summary>
    public static double[] Gaussian(int count, int seed)
    {
        var random = new Random(seed);
        var x = new double[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        return x;
    }
}
