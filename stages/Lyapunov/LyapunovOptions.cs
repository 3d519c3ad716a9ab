using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// Options of the <c>lyapunov</c> stage (JSON keys in snake_case under <c>"stages": { "lyapunov": { ... } }</c>).
/// The paper's twin-trajectory estimator is always on; the model-based estimators are opt-in.
/// </summary>
public sealed record LyapunovOptions : IStageOptions
{
    /// <summary>Distance between reference and copies: L1 (the paper's) or L2. JSON <c>"norm": "l1" | "l2"</c>. Default L1.</summary>
    public DistanceNorm Norm { get; init; } = DistanceNorm.L1;

    /// <summary>
    /// Steps between rows of <c>lyapunov/distances</c>, &gt;= 1 (the fit always uses every step). JSON
    /// <c>record_every</c>. Default 10: every step would write (copies) rows per step and run, which
    /// for an Iris sweep costs more than computing the distances; set 1 for every step.
    /// </summary>
    [OptionRange(1)]
    public int RecordEvery { get; init; } = 10;

    /// <summary>Saturation time tau of the literal Eq. 4, &gt;= 1 (NaN when the run is shorter). JSON <c>tau</c>. Default 100.</summary>
    [OptionRange(1)]
    public int Tau { get; init; } = 100;

    /// <summary>The window grid and filter. JSON <c>"window": { "start_min", "start_max", "start_step", "length_min", "length_max", "length_step", "min_r2", "min_lambda" }</c>. Default: the paper's.</summary>
    public WindowFitOptions Window { get; init; } = WindowFitOptions.Paper;

    /// <summary>Benettin's renormalised twin. Default off.</summary>
    public BenettinOptions Benettin { get; init; } = new();

    /// <summary>Lyapunov spectrum of the GD map. Default off.</summary>
    public SpectrumOptions Spectrum { get; init; } = new();

    /// <summary>Sharpness tracking. Default off.</summary>
    public SharpnessOptions Sharpness { get; init; } = new();

    /// <summary>Post-learning perturbation experiment. Default off.</summary>
    public PostLearningOptions PostLearning { get; init; } = new();

    /// <summary>The paper's loss-series analyses (Kantz-type exponent, autocorrelation). Default off.</summary>
    public LossAnalysisOptions Loss { get; init; } = new();

    /// <summary>True when any estimator needs the run's model.</summary>
    public bool NeedsModel => Benettin.Enabled || Spectrum.Enabled || Sharpness.Enabled || PostLearning.Enabled;

    /// <summary>The rules between options (each option's own range is declared on it).</summary>
    public IEnumerable<OptionProblem> Validate()
    {
        foreach (var problem in Window.RuleProblems("window"))
        {
            yield return problem;
        }

        if (Spectrum.QrEvery >= 1 && Spectrum.RecordEvery % Spectrum.QrEvery != 0)
        {
            yield return OptionProblem.Rule("spectrum.record_every", "must be a positive multiple of spectrum.qr_every");
        }
    }
}
