namespace NetOrbit.Lyapunov;

/// <summary>
/// The Henon map (x, y) -&gt; (1 - a x^2 + y, b x). At a = 1.4, b = 0.3 the maximal exponent is about
/// 0.42 and the exponents sum to ln b (the Jacobian determinant is -b everywhere).
/// </summary>
/// <param name="A">Parameter a.</param>
/// <param name="B">Parameter b.</param>
public sealed class HenonMap(double A = 1.4, double B = 0.3) : IDiscreteMap
{
    /// <inheritdoc />
    public int Dimension => 2;

    /// <inheritdoc />
    public void Step(ReadOnlySpan<double> x, Span<double> next)
    {
        next[0] = 1 - A * x[0] * x[0] + x[1];
        next[1] = B * x[0];
    }

    /// <inheritdoc />
    public void JacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result)
    {
        result[0] = -2 * A * x[0] * v[0] + v[1];
        result[1] = B * v[0];
    }
}
