using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetOrbit.Graph.Kernels;

/// <summary>
/// Accumulates, per parameter, the path of a sampled weight trajectory w(t_0), w(t_1), ...: the path
/// length sum_k |w(t_k) - w(t_{k-1})| (which is also the total variation of the sampled series) and
/// the excursion max_k w(t_k) - min_k w(t_k). Sampling every step gives the paper's path length;
/// a coarser grid gives a lower bound of it.
/// </summary>
internal sealed class ParameterPath
{
    private readonly double[] _previous;
    private readonly double[] _length;
    private readonly double[] _min;
    private readonly double[] _max;

    /// <summary>Creates an empty path over <paramref name="count"/> parameters.</summary>
    public ParameterPath(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _previous = new double[count];
        _length = new double[count];
        _min = new double[count];
        _max = new double[count];
    }

    /// <summary>Number of points added so far.</summary>
    public int Points { get; private set; }

    /// <summary>Number of increments summed (Points - 1, or 0).</summary>
    public int Increments => Math.Max(Points - 1, 0);

    /// <summary>Per parameter: sum of |increments|.</summary>
    public ReadOnlySpan<double> Length => _length;

    /// <summary>Per parameter: smallest sampled value.</summary>
    public ReadOnlySpan<double> Min => _min;

    /// <summary>Per parameter: largest sampled value.</summary>
    public ReadOnlySpan<double> Max => _max;

    /// <summary>The last point added.</summary>
    public ReadOnlySpan<double> Last => _previous;

    /// <summary>Appends the next point of the trajectory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<double> w)
    {
        if (w.Length != _previous.Length)
        {
            throw new ArgumentException($"Expected {_previous.Length} parameters, got {w.Length}.", nameof(w));
        }

        if (Points == 0)
        {
            w.CopyTo(_min);
            w.CopyTo(_max);
        }
        else
        {
            // One fused pass. Vector.Min/Max, like Math.Min/Max, propagate NaN and order -0 below +0.
            var vw = MemoryMarshal.Cast<double, Vector<double>>(w);
            var vPrevious = MemoryMarshal.Cast<double, Vector<double>>(_previous.AsSpan());
            var vLength = MemoryMarshal.Cast<double, Vector<double>>(_length.AsSpan());
            var vMin = MemoryMarshal.Cast<double, Vector<double>>(_min.AsSpan());
            var vMax = MemoryMarshal.Cast<double, Vector<double>>(_max.AsSpan());
            for (var k = 0; k < vw.Length; k++)
            {
                var x = vw[k];
                vLength[k] += Vector.Abs(x - vPrevious[k]);
                vMin[k] = Vector.Min(vMin[k], x);
                vMax[k] = Vector.Max(vMax[k], x);
            }

            for (var i = vw.Length * Vector<double>.Count; i < w.Length; i++)
            {
                var x = w[i];
                _length[i] += Math.Abs(x - _previous[i]);
                _min[i] = Math.Min(_min[i], x);
                _max[i] = Math.Max(_max[i], x);
            }
        }

        w.CopyTo(_previous);
        Points++;
    }

    /// <summary>
    /// Relative displacement |w(T) - w(0)| / |w(0)| per parameter, by IEEE arithmetic: +infinity
    /// where w(0) = 0 and the parameter moved (every bias, initialised at 0), NaN where w(0) = 0
    /// and it did not move.
    /// </summary>
    public static void Displacement(ReadOnlySpan<double> initial, ReadOnlySpan<double> final, Span<double> result)
    {
        if (initial.Length != final.Length || result.Length != initial.Length)
        {
            throw new ArgumentException("Vectors differ in length.");
        }

        for (var i = 0; i < initial.Length; i++)
        {
            result[i] = Math.Abs(final[i] - initial[i]) / Math.Abs(initial[i]);
        }
    }
}
