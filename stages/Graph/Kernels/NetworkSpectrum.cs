using NetOrbit.Contracts;

namespace NetOrbit.Graph.Kernels;

/// <summary>
/// Spectral radius of the whole layered network read as an undirected weighted graph: one node per
/// neuron (inputs, hidden, outputs), one edge per connection weight with weight |w_ij|, biases
/// excluded. Its adjacency is S = A + A^T where A[i,j] = |w_ij| for the connection i -> j, so the
/// radius is the Perron eigenvalue of a non-negative matrix (for a single layer it equals the
/// spectral norm of |W|). A layered graph is bipartite (neurons of even vs odd layers), so the
/// spectrum of S is symmetric and its radius is the largest singular value of the biadjacency block
/// B [even-layer neurons x odd-layer neurons], computed by <see cref="LayerSpectrum.SingularValues"/>. The convention
/// (A + A^T) / 2 would give exactly half this value.
/// </summary>
internal sealed class NetworkSpectrum
{
    private readonly ParameterLayout _layout;
    private readonly int[] _firstIndex;
    private readonly int _even;
    private readonly int _odd;
    private readonly double[] _biadjacency;
    private readonly double[] _scratch;
    private readonly double[] _values;

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
    }

    /// <summary>Number of neurons of even-indexed layers (input, second hidden, ...).</summary>
    public int EvenNodes => _even;

    /// <summary>Number of neurons of odd-indexed layers.</summary>
    public int OddNodes => _odd;

    /// <summary>Spectral radius of S = A + A^T for the parameters <paramref name="w"/>; NaN for non-finite weights.</summary>
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

        LayerSpectrum.SingularValues(b, _even, _odd, _values, _scratch);
        return _values[0];
    }
}
