namespace NetOrbit.Lyapunov;

/// <summary>A linear operator applied to a vector, such as a Hessian-vector product: writes A <paramref name="input"/> to <paramref name="output"/>.</summary>
public delegate void VectorOperator(ReadOnlySpan<double> input, Span<double> output);
