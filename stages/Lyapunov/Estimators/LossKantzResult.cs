namespace NetOrbit.Lyapunov;

/// <summary>The paper's Kantz-type exponent of a loss series.</summary>
/// <param name="MeanDivergence">d_n = mean over all (reference, neighbour) pairs of |x_{i+n} - x_{j+n}|, n = 0..MaxSteps.</param>
/// <param name="Lambda">Slope of ln d_n over the best-R^2 window n = 1..WindowEnd (per step); NaN when no pair was found.</param>
/// <param name="R2">R^2 of that window.</param>
/// <param name="WindowEnd">Last step n = m - 1 of the best window.</param>
/// <param name="PValue">Two-sided p-value of the slope of the fixed significance regression.</param>
/// <param name="Significant">True when PValue &lt;= Alpha.</param>
/// <param name="References">Reference points that had at least one neighbour.</param>
/// <param name="Pairs">Number of (reference, neighbour) pairs.</param>
public sealed record LossKantzResult(double[] MeanDivergence, double Lambda, double R2, int WindowEnd, double PValue, bool Significant, int References, long Pairs);
