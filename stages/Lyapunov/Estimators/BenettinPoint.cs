namespace NetOrbit.Lyapunov;

/// <summary>One renormalisation of Benettin's twin trajectory.</summary>
/// <param name="Step">Step t of the reference at which the twin was renormalised.</param>
/// <param name="Stretch">ln(d / d0) accumulated since the previous renormalisation.</param>
/// <param name="Estimate">Running estimate of the maximal exponent: sum of stretches / t (per step).</param>
public readonly record struct BenettinPoint(long Step, double Stretch, double Estimate);
