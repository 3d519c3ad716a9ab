namespace NetOrbit.Lyapunov;

/// <summary>
/// The tent map x -&gt; mu min(x, 1 - x); its Lyapunov exponent is ln mu (ln 2 at mu = 2). In binary
/// floating point an orbit at mu = 2 collapses to 0 within about 55 steps (every step shifts out a
/// bit), so scalar series are better generated through the logistic conjugacy
/// (<see cref="FromLogistic"/>).
/// </summary>
/// <param name="Mu">Slope mu in (0, 2].</param>
public sealed class TentMap(double Mu = 2) : IDiscreteMap
{
    /// <inheritdoc />
    public int Dimension => 1;

    /// <inheritdoc />
    public void Step(ReadOnlySpan<double> x, Span<double> next) => next[0] = Mu * Math.Min(x[0], 1 - x[0]);

    /// <inheritdoc />
    public void JacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result) =>
        result[0] = (x[0] < 0.5 ? Mu : -Mu) * v[0];

    /// <summary>The tent orbit conjugate to a logistic (r = 4) orbit: y = (2/pi) asin(sqrt(x)).</summary>
    public static double FromLogistic(double x) => 2 / Math.PI * Math.Asin(Math.Sqrt(Math.Clamp(x, 0, 1)));
}
