using System.Runtime.CompilerServices;
using NetOrbit.Contracts;

namespace NetOrbit.Graph.Kernels;

/// <summary>
/// Spectral radius of the whole layered network read as an undirected weighted graph: one node per
/// neuron (inputs, hidden, outputs), one edge per connection weight with weight |w_ij|, biases
/// excluded. Its adjacency is S = A + A^T where A[i,j] = |w_ij| for the connection i -> j, so the
/// radius is the Perron eigenvalue of a non-negative matrix (for a single layer it equals the
/// spectral norm of |W|). A layered graph is bipartite (neurons of even vs odd layers), so the
/// spectrum of S is symmetric and its radius is the largest singular value of the biadjacency block
/// B [even-layer neurons x odd-layer neurons]: computed by power iteration on B's smaller Gram
/// matrix (Perron-Frobenius makes it converge to the top), with a full SVD as fallback. The
/// convention (A + A^T) / 2 would give exactly half this value.
/// </summary>
internal sealed class NetworkSpectrum
{
    /// <summary>Power iterations before falling back to a full SVD.</summary>
    public const int MaxPowerIterations = 1000;

    private readonly ParameterLayout _layout;
    private readonly int[] _firstIndex;
    private readonly int _even;
    private readonly int _odd;
    private readonly double[] _biadjacency;
    private readonly double[] _scratch;
    private readonly double[] _values;
    private readonly double[] _gram;
    private readonly double[] _x;
    private readonly double[] _y;

    /// <summary>Prepares the node numbering and a reusable biadjacency buffer for <paramref name="layout"/>.</summary>
    public NetworkSpectrum(ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
        _firstIndex = new int[layout.LayerSizes.Count];
        int even = 0, odd = 0;
        for (var k = 0; k < layout.LayerSizes.Count; k++)
        {
            if (k % 2 == 0)
            {
                _firstIndex[k] = even;
                even += layout.LayerSizes[k];
            }
            else
            {
                _firstIndex[k] = odd;
                odd += layout.LayerSizes[k];
            }
        }

        _even = even;
        _odd = odd;
        _biadjacency = new double[_even * _odd];
        _scratch = new double[_even * _odd];
        _values = new double[Math.Min(_even, _odd)];
        _gram = new double[_values.Length * _values.Length];
        _x = new double[_values.Length];
        _y = new double[_values.Length];
    }

    /// <summary>Number of neurons of even-indexed layers (input, second hidden, ...).</summary>
    public int EvenNodes => _even;

    /// <summary>Number of neurons of odd-indexed layers.</summary>
    public int OddNodes => _odd;

    /// <summary>Spectral radius of S = A + A^T for the parameters <paramref name="w"/>; NaN for non-finite weights.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double SpectralRadius(ReadOnlySpan<double> w)
    {
        var b = _biadjacency;
        Array.Clear(b);
        for (var l = 0; l < _layout.LayerCount; l++)
        {
            var block = _layout.Weights(l);
            int rows = block.Shape[0], cols = block.Shape[1];
            var weights = w.Slice(block.Offset, block.Length);
            var sourceEven = l % 2 == 0;
            int source = _firstIndex[l], target = _firstIndex[l + 1];
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < cols; j++)
                {
                    var a = Math.Abs(weights[i * cols + j]);
                    // B is stored row-major [even x odd]: row = even node, column = odd node.
                    if (sourceEven)
                    {
                        b[(source + i) * _odd + target + j] = a;
                    }
                    else
                    {
                        b[(target + j) * _odd + source + i] = a;
                    }
                }
            }
        }

        if (!double.IsFinite(NetworkNorms.L1(b)))
        {
            return double.NaN;
        }

        return PerronSingularValue(b, _even, _odd, _gram, _x, _y) is { } sigma
            ? sigma
            : LargestSingularValue(b);
    }

    /// <summary>
    /// Largest singular value of the non-negative row-major matrix <paramref name="b"/>
    /// [rows x cols] by power iteration on its smaller Gram matrix G (non-negative, symmetric), from
    /// the all-ones vector, which has a positive component on G's Perron vector. Stops as soon as
    /// the eigenvalue error is provably below 1e-13 lambda, with theta = x^T G x and residual
    /// r = |G x - theta x| of the unit iterate x: either r &lt;= 1e-13 theta (for a symmetric
    /// matrix some eigenvalue lies within r of theta), or, by the Kato-Temple inequality,
    /// r^2 / (theta - alpha) &lt;= 1e-13 theta where alpha = trace(G) - theta bounds every other
    /// eigenvalue from above (G is positive semi-definite). The second test needs the residual
    /// squared only, so a well separated top (Iris: second eigenvalue about 0.1 of the first)
    /// takes half the iterations. Returns null when neither holds after
    /// <see cref="MaxPowerIterations"/> (a nearly degenerate top of the spectrum), so the caller can
    /// fall back to a full SVD.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double? PerronSingularValue(ReadOnlySpan<double> b, int rows, int cols, Span<double> gram, Span<double> x, Span<double> y)
    {
        var k = Math.Min(rows, cols);
        var g = gram[..(k * k)];
        for (var i = 0; i < k; i++)
        {
            for (var j = i; j < k; j++)
            {
                double sum = 0;
                if (rows <= cols)
                {
                    var bi = b.Slice(i * cols, cols);
                    var bj = b.Slice(j * cols, cols);
                    for (var c = 0; c < bi.Length; c++)
                    {
                        sum += bi[c] * bj[c];
                    }
                }
                else
                {
                    for (var r = 0; r < rows; r++)
                    {
                        sum += b[r * cols + i] * b[r * cols + j];
                    }
                }

                g[i * k + j] = sum;
                g[j * k + i] = sum;
            }
        }

        double trace = 0;
        for (var i = 0; i < k; i++)
        {
            trace += g[i * k + i];
        }

        // Rounding of the trace must not make the gap look larger than it is.
        trace *= 1 + 1e-12;
        var u = x[..k];
        var v = y[..k];
        u.Fill(1 / Math.Sqrt(k));
        for (var iteration = 0; iteration < MaxPowerIterations; iteration++)
        {
            double lambda = 0;
            for (var i = 0; i < k; i++)
            {
                var gi = g.Slice(i * k, k);
                double sum = 0;
                for (var j = 0; j < gi.Length; j++)
                {
                    sum += gi[j] * u[j];
                }

                v[i] = sum;
                lambda += u[i] * sum;
            }

            if (lambda <= 0)
            {
                return 0; // G = 0: no connection carries weight
            }

            // Residual Gu - lambda u computed directly (|v|^2 - lambda^2 would cancel to noise).
            double residual2 = 0;
            for (var i = 0; i < k; i++)
            {
                var r = v[i] - lambda * u[i];
                residual2 += r * r;
            }

            var gap = 2 * lambda - trace;
            if (residual2 <= 1e-26 * lambda * lambda || (gap > 0 && residual2 <= 1e-13 * lambda * gap))
            {
                return Math.Sqrt(lambda);
            }

            double norm2 = 0;
            for (var i = 0; i < k; i++)
            {
                norm2 += v[i] * v[i];
            }

            var scale = 1 / Math.Sqrt(norm2);
            for (var i = 0; i < k; i++)
            {
                u[i] = v[i] * scale;
            }
        }

        return null;
    }

    private double LargestSingularValue(double[] b)
    {
        LayerSpectrum.SingularValues(b, _even, _odd, _values, _scratch);
        return _values[0];
    }
}
