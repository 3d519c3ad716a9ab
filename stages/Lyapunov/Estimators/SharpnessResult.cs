namespace NetOrbit.Lyapunov;

/// <summary>Extreme eigenvalues of a symmetric operator found by Lanczos iteration.</summary>
/// <param name="Sharpness">Largest (algebraic) eigenvalue estimate: the top Hessian eigenvalue.</param>
/// <param name="MinEigenvalue">Smallest Ritz value of the same Krylov space (a rough estimate of the bottom eigenvalue).</param>
/// <param name="Iterations">Operator applications used.</param>
/// <param name="Residual">Residual norm ||A v - theta v|| of the top Ritz pair.</param>
/// <param name="Converged">True when the residual met the tolerance or the Krylov space became invariant.</param>
public readonly record struct SharpnessResult(double Sharpness, double MinEigenvalue, int Iterations, double Residual, bool Converged);
