using NetOrbit.Randomness;

namespace NetOrbit.Lyapunov;

/// <summary>Benettin's maximal Lyapunov exponent of a map from one initial state, with its convergence history.</summary>
public static class BenettinEstimator
{
    /// <summary>
    /// Iterates <paramref name="map"/> from <paramref name="x0"/> for <paramref name="transient"/> steps
    /// (discarded), then runs a renormalised twin for <paramref name="steps"/> steps.
    /// </summary>
    /// <param name="map">The dynamics.</param>
    /// <param name="x0">Initial state.</param>
    /// <param name="steps">Measured steps (&gt;= 1).</param>
    /// <param name="d0">Separation after each renormalisation (default 1e-8).</param>
    /// <param name="renormaliseEvery">Steps between renormalisations (default 1).</param>
    /// <param name="transient">Steps discarded before measuring (default 0).</param>
    /// <param name="seed">Seed of the initial separation direction.</param>
    /// <param name="norm">Separation norm (default L2).</param>
    /// <returns>The final estimate (NaN when the twin failed) and every renormalisation point.</returns>
    public static (double Exponent, IReadOnlyList<BenettinPoint> History) Estimate(
        IDiscreteMap map, ReadOnlySpan<double> x0, int steps, double d0 = 1e-8, int renormaliseEvery = 1, int transient = 0, long seed = 1, DistanceNorm norm = DistanceNorm.L2)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(transient);
        var x = x0.ToArray();
        var next = new double[x.Length];
        for (var t = 0; t < transient; t++)
        {
            map.Step(x, next);
            (x, next) = (next, x);
        }

        var direction = RandomDirection(x.Length, seed);
        var tracker = new BenettinTracker(map, x, direction, d0, renormaliseEvery, norm);
        var history = new List<BenettinPoint>();
        for (var t = 0; t < steps; t++)
        {
            map.Step(x, next);
            (x, next) = (next, x);
            if (tracker.Advance(x) is { } p)
            {
                history.Add(p);
            }
        }

        return (tracker.Estimate, history);
    }

    /// <summary>A seeded vector with U[-1, 1) entries drawn from <see cref="SeededRandom"/> (never all zero).</summary>
    internal static double[] RandomDirection(int length, long seed)
    {
        var rng = new SeededRandom(seed);
        var v = new double[length];
        for (var i = 0; i < length; i++)
        {
            v[i] = rng.NextSymmetric(1);
        }

        if (v.All(e => e == 0))
        {
            v[0] = 1;
        }

        return v;
    }
}
