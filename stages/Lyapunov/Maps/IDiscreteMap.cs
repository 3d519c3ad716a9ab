namespace NetOrbit.Lyapunov;

/// <summary>
/// A differentiable discrete-time dynamical system x(t+1) = f(x(t)): the state update and the
/// product of its Jacobian with a tangent vector. Implementations may keep scratch buffers and
/// are not thread-safe.
/// </summary>
public interface IDiscreteMap
{
    /// <summary>Dimension of the state.</summary>
    int Dimension { get; }

    /// <summary>Writes f(<paramref name="x"/>) to <paramref name="next"/> (may not alias x).</summary>
    void Step(ReadOnlySpan<double> x, Span<double> next);

    /// <summary>Writes J(<paramref name="x"/>) <paramref name="v"/> to <paramref name="result"/> (may not alias v).</summary>
    void JacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result);
}
