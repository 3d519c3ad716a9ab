namespace NetOrbit.Lyapunov;

/// <summary>The k leading Lyapunov exponents of a map from one initial state (QR method), with running history.</summary>
public static class LyapunovSpectrumEstimator
{
    /// <summary>
    /// Discards <paramref name="transient"/> steps of the orbit and of the tangent dynamics (so the
    /// tangent vectors align before measuring), then measures for <paramref name="steps"/> steps.
    /// </summary>
    /// <param name="map">The dynamics.</param>
    /// <param name="x0">Initial state.</param>
    /// <param name="count">Number of leading exponents k (1..Dimension).</param>
    /// <param name="steps">Measured steps (&gt;= 1).</param>
    /// <param name="qrEvery">Steps between QR re-orthonormalisations.</param>
    /// <param name="transient">Discarded steps.</param>
    /// <param name="recordEvery">History spacing in steps (0 = no history).</param>
    /// <param name="seed">Seed of the initial tangent vectors.</param>
    public static (double[] Exponents, double KaplanYorke, IReadOnlyList<SpectrumPoint> History) Estimate(
        IDiscreteMap map, ReadOnlySpan<double> x0, int count, int steps, int qrEvery = 1, int transient = 0, int recordEvery = 0, long seed = 1)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(transient);
        var x = x0.ToArray();
        var next = new double[x.Length];
        var tracker = new LyapunovSpectrumTracker(map, count, qrEvery, seed);
        var history = new List<SpectrumPoint>();
        for (var t = 0; t < transient + steps; t++)
        {
            if (t == transient && transient > 0)
            {
                tracker.Restart();
            }

            tracker.Advance(x);
            map.Step(x, next);
            (x, next) = (next, x);
            var measured = t - transient + 1;
            if (recordEvery > 0 && measured > 0 && measured % recordEvery == 0)
            {
                var e = tracker.Exponents();
                history.Add(new SpectrumPoint(measured, e, LyapunovSpectrumTracker.KaplanYorke(e)));
            }
        }

        var final = tracker.Exponents();
        return (final, LyapunovSpectrumTracker.KaplanYorke(final), history);
    }
}
