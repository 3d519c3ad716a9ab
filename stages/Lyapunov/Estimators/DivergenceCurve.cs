namespace NetOrbit.Lyapunov;

/// <summary>The average log divergence of neighbouring points against the step, and its slope.</summary>
/// <param name="Method">Estimator that produced it.</param>
/// <param name="LogDivergence">y(n) for n = 0..MaxSteps: mean ln distance (NaN where no pair contributed).</param>
/// <param name="Pairs">Number of contributing references (Kantz) or pairs (Rosenstein) per n.</param>
/// <param name="Fit">OLS of y(n) on n over [FitStart, FitEnd]; its slope is the exponent per step.</param>
/// <param name="FitStart">First fitted step.</param>
/// <param name="FitEnd">Last fitted step (inclusive).</param>
/// <param name="Points">Embedded points available.</param>
/// <param name="References">Reference points used.</param>
public sealed record DivergenceCurve(DivergenceMethod Method, double[] LogDivergence, int[] Pairs, LinearFit Fit, int FitStart, int FitEnd, int Points, int References)
{
    /// <summary>The maximal exponent estimate (per step): the fitted slope.</summary>
    public double Exponent => Fit.Slope;
}
