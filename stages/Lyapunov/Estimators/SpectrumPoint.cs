namespace NetOrbit.Lyapunov;

/// <summary>Running Lyapunov spectrum at one step.</summary>
/// <param name="Step">Steps measured.</param>
/// <param name="Exponents">The k running exponents (per step).</param>
/// <param name="KaplanYorke">Kaplan-Yorke dimension of these exponents.</param>
public sealed record SpectrumPoint(long Step, double[] Exponents, double KaplanYorke);
