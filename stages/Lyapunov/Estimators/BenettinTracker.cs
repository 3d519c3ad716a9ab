using System.Numerics.Tensors;

namespace NetOrbit.Lyapunov;

/// <summary>
/// Benettin's renormalised twin trajectory, driven one step at a time: a twin starts at distance d0
/// from the reference, is advanced by the map, and every k steps its separation is rescaled back to
/// d0 along its current direction; the running maximal exponent is sum ln(d/d0) / t.
/// The reference trajectory is supplied by the caller (from snapshots or from the same map).
/// </summary>
public sealed class BenettinTracker
{
    private readonly IDiscreteMap _map;
    private readonly double[] _twin;
    private readonly double[] _next;
    private readonly double _d0;
    private readonly int _every;
    private readonly DistanceNorm _norm;
    private double _sum;
    private long _step;
    private long _sinceRenormalisation;

    /// <summary>
    /// Starts the twin at <paramref name="reference0"/> + d0 u, with u the unit (in <paramref name="norm"/>)
    /// direction <paramref name="direction"/>.
    /// </summary>
    /// <param name="map">The dynamics.</param>
    /// <param name="reference0">The reference state at step 0.</param>
    /// <param name="direction">Initial separation direction (any non-zero vector).</param>
    /// <param name="d0">Separation after each renormalisation, &gt; 0.</param>
    /// <param name="renormaliseEvery">Steps between renormalisations k &gt;= 1.</param>
    /// <param name="norm">Norm in which separations are measured.</param>
    public BenettinTracker(IDiscreteMap map, ReadOnlySpan<double> reference0, ReadOnlySpan<double> direction, double d0, int renormaliseEvery = 1, DistanceNorm norm = DistanceNorm.L2)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (reference0.Length != map.Dimension || direction.Length != map.Dimension)
        {
            throw new ArgumentException($"Expected vectors of length {map.Dimension}.", nameof(direction));
        }

        if (!(d0 > 0) || !double.IsFinite(d0))
        {
            throw new ArgumentOutOfRangeException(nameof(d0), d0, "d0 must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(renormaliseEvery, 1);
        var length = WeightDistance.Norm(direction, norm);
        if (!(length > 0) || !double.IsFinite(length))
        {
            throw new ArgumentException("The initial direction must be non-zero and finite.", nameof(direction));
        }

        _map = map;
        _d0 = d0;
        _every = renormaliseEvery;
        _norm = norm;
        _twin = new double[map.Dimension];
        _next = new double[map.Dimension];
        TensorPrimitives.MultiplyAdd(direction, d0 / length, reference0, _twin);
    }

    /// <summary>Steps taken so far.</summary>
    public long Steps => _step;

    /// <summary>Current running estimate (NaN before the first renormalisation).</summary>
    public double Estimate { get; private set; } = double.NaN;

    /// <summary>The twin's current state.</summary>
    public ReadOnlySpan<double> Twin => _twin;

    /// <summary>
    /// Advances the twin one step and compares it with <paramref name="referenceNext"/>, the reference
    /// one step later. Returns the renormalisation point when this step renormalised, else null.
    /// A non-finite or zero separation stops the estimate (returns a point with NaN values once).
    /// </summary>
    public BenettinPoint? Advance(ReadOnlySpan<double> referenceNext)
    {
        if (double.IsNaN(_sum))
        {
            return null;
        }

        _map.Step(_twin, _next);
        _next.CopyTo(_twin.AsSpan());
        _step++;
        _sinceRenormalisation++;
        if (_sinceRenormalisation < _every)
        {
            return null;
        }

        _sinceRenormalisation = 0;
        var d = WeightDistance.Compute(_twin, referenceNext, _norm);
        if (!(d > 0) || !double.IsFinite(d))
        {
            _sum = double.NaN;
            Estimate = double.NaN;
            return new BenettinPoint(_step, double.NaN, double.NaN);
        }

        var stretch = Math.Log(d / _d0);
        _sum += stretch;
        Estimate = _sum / _step;

        // twin = ref + (twin - ref) d0 / d
        var scale = _d0 / d;
        for (var i = 0; i < _twin.Length; i++)
        {
            _twin[i] = referenceNext[i] + (_twin[i] - referenceNext[i]) * scale;
        }

        return new BenettinPoint(_step, stretch, Estimate);
    }
}
