namespace NetOrbit.Lyapunov;

/// <summary>The logistic map x -&gt; r x (1 - x); at r = 4 its Lyapunov exponent is ln 2.</summary>
/// <param name="R">Growth parameter r in (0, 4].</param>
public sealed class LogisticMap(double R = 4) : IDiscreteMap
{
    /// <inheritdoc />
    public int Dimension => 1;

    /// <inheritdoc />
    public void Step(ReadOnlySpan<double> x, Span<double> next) => next[0] = R * x[0] * (1 - x[0]);

    /// <inheritdoc />
    public void JacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result) =>
        result[0] = R * (1 - 2 * x[0]) * v[0];
}
