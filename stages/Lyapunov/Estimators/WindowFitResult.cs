namespace NetOrbit.Lyapunov;

/// <summary>The outcome of the paper's window fit on one mean-distance curve.</summary>
/// <param name="Lambda">Slope of ln m(t) on t in the best window (per iteration); NaN when no window could be fitted.</param>
/// <param name="R2">Coefficient of determination 1 - SSR/SST of the best window; NaN when none.</param>
/// <param name="WindowStart">First step x1 of the best window, or -1.</param>
/// <param name="WindowLength">Number of points w of the best window, or 0.</param>
/// <param name="Kept">True when R2 &gt; MinR2 and Lambda &gt; MinLambda.</param>
/// <param name="WindowsFitted">How many windows of the grid were fitted (315 with the paper's grid on a long enough curve).</param>
public readonly record struct WindowFitResult(double Lambda, double R2, int WindowStart, int WindowLength, bool Kept, int WindowsFitted);
