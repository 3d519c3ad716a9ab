namespace NetOrbit.Report.LrScan;

/// <summary>
/// What a learning-rate scan measured at one learning rate of one dataset and architecture (a row of
/// <c>lr_scan.arrow</c>, schema <c>schemas/lr_scan.md</c>). Medians are over the initial conditions
/// (or the runs); NaN where nothing was measured.
/// </summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Architecture">Layer widths, e.g. 4-10-3.</param>
/// <param name="Eta">Learning rate.</param>
/// <param name="InitialConditions">Initial conditions at this eta.</param>
/// <param name="Runs">Runs at this eta (initial conditions x perturbation sizes).</param>
/// <param name="Diverged">Runs whose status is diverged.</param>
/// <param name="Reached">Initial conditions whose reference reached the target test accuracy.</param>
/// <param name="TimeToTargetMedian">Median over the initial conditions of the first evaluated step with test accuracy &gt;= target, a run that never reached it counting as infinite; NaN when that median is infinite (at most half reached it).</param>
/// <param name="FinalTestAccuracyMedian">Median final test accuracy of the references, in [0, 1].</param>
/// <param name="ExponentMedian">Median of the lyapunov stage's window-fit exponent Lambda (per step) over the runs with a fitted window.</param>
/// <param name="KeptFraction">Fraction of the runs the lyapunov stage kept (R^2 &gt; min_r2, Lambda &gt; min_lambda, status ok), in [0, 1]; NaN without lyapunov/exponents rows.</param>
/// <param name="SharpnessMedian">Median top Hessian eigenvalue at each reference's last measured step.</param>
/// <param name="EdgeRatioMedian">Median sharpness * eta / 2 at the last measured step (1: the edge of stability).</param>
/// <param name="Regular">Runs the regimes stage's classifier predicts regular.</param>
/// <param name="EdgeOfStability">Runs predicted edge_of_stability.</param>
/// <param name="Chaotic">Runs predicted chaotic.</param>
/// <param name="Divergent">Runs predicted divergent.</param>
public sealed record LrScanRow(
    string Dataset,
    string Architecture,
    double Eta,
    int InitialConditions,
    int Runs,
    int Diverged,
    int Reached,
    double TimeToTargetMedian,
    double FinalTestAccuracyMedian,
    double ExponentMedian,
    double KeptFraction,
    double SharpnessMedian,
    double EdgeRatioMedian,
    int Regular,
    int EdgeOfStability,
    int Chaotic,
    int Divergent)
{
    /// <summary>Runs with a predicted regime.</summary>
    public int Classified => Regular + EdgeOfStability + Chaotic + Divergent;

    /// <summary>The most frequent predicted regime (ties: the calmer one), or <c>unknown</c> when no run was classified.</summary>
    public string Regime =>
        Classified == 0 ? "unknown"
        : new[] { ("regular", Regular), ("edge_of_stability", EdgeOfStability), ("chaotic", Chaotic), ("divergent", Divergent) }.OrderByDescending(x => x.Item2).First().Item1;

    /// <summary>Learns: the median initial condition reaches the target test accuracy (<see cref="TimeToTargetMedian"/> is finite).</summary>
    public bool Learns => double.IsFinite(TimeToTargetMedian);

    /// <summary>
    /// The exponent has turned positive: more than half of the runs pass the lyapunov stage's filter
    /// (exponential separation with Lambda &gt; min_lambda, 0.05 by default, and R^2 &gt; min_r2).
    /// </summary>
    public bool ExponentPositive => KeptFraction > 0.5;

    /// <summary>
    /// Chaotic: more than half of the runs are predicted chaotic or divergent by the regimes stage's
    /// classifier, or more than half diverged.
    /// </summary>
    public bool IsChaotic => Runs > 0 && Math.Max(Chaotic + Divergent, Diverged) > 0.5 * Runs;
}
