namespace NetOrbit.Lyapunov;

/// <summary>Sample autocorrelation of a series with a shuffle null band.</summary>
/// <param name="Acf">r(k) for k = 0..MaxLag (r(0) = 1).</param>
/// <param name="Lower">Lower percentile of r(k) over shuffled copies.</param>
/// <param name="Upper">Upper percentile of r(k) over shuffled copies.</param>
public sealed record AutocorrelationResult(double[] Acf, double[] Lower, double[] Upper);
