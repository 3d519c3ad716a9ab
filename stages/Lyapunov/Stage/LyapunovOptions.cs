namespace NetOrbit.Lyapunov;

/// <summary>
/// Options of the <c>lyapunov</c> stage (JSON keys in snake_case under <c>"stages": { "lyapunov": { ... } }</c>).
/// The paper's twin-trajectory estimator is always on; the model-based estimators are opt-in.
/// </summary>
public sealed record LyapunovOptions
{
    /// <summary>Distance between reference and copies: L1 (the paper's) or L2. JSON <c>"norm": "l1" | "l2"</c>. Default L1.</summary>
    public DistanceNorm Norm { get; init; } = DistanceNorm.L1;

    /// <summary>
    /// Steps between rows of <c>lyapunov/distances</c>, &gt;= 1 (the fit always uses every step). JSON
    /// <c>record_every</c>. Default 10: every step would write (copies) rows per step and run, which
    /// for an Iris sweep costs more than computing the distances; set 1 for every step.
    /// </summary>
    public int RecordEvery { get; init; } = 10;

    /// <summary>Saturation time tau of the literal Eq. 4, &gt;= 1 (NaN when the run is shorter). JSON <c>tau</c>. Default 100.</summary>
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

    /// <summary>Every problem, as (JSON key path relative to the stage, message); empty when valid.</summary>
    public IReadOnlyList<(string Key, string Message)> Problems()
    {
        var p = new List<(string, string)>();
        void Check(bool ok, string key, string message)
        {
            if (!ok)
            {
                p.Add((key, message));
            }
        }

        Check(RecordEvery >= 1, "record_every", "must be >= 1");
        Check(Tau >= 1, "tau", "must be >= 1");
        Check(Window.StartMin >= 0, "window.start_min", "must be >= 0");
        Check(Window.StartMax >= Window.StartMin, "window.start_max", "must be >= window.start_min");
        Check(Window.StartStep >= 1, "window.start_step", "must be >= 1");
        Check(Window.LengthMin >= 3, "window.length_min", "must be >= 3");
        Check(Window.LengthMax >= Window.LengthMin, "window.length_max", "must be >= window.length_min");
        Check(Window.LengthStep >= 1, "window.length_step", "must be >= 1");
        Check(Window.MinR2 is >= 0 and <= 1, "window.min_r2", "must be in [0, 1]");
        Check(double.IsFinite(Window.MinLambda), "window.min_lambda", "must be finite");
        Check(Benettin.D0 > 0 && double.IsFinite(Benettin.D0), "benettin.d0", "must be positive and finite");
        Check(Benettin.RenormalizeEvery is >= 1 and <= 10_000, "benettin.renormalize_every", "must be in [1, 10000]");
        Check(Spectrum.Exponents >= 1, "spectrum.exponents", "must be >= 1");
        Check(Spectrum.QrEvery >= 1, "spectrum.qr_every", "must be >= 1");
        Check(Spectrum.RecordEvery >= 1 && Spectrum.QrEvery >= 1 && Spectrum.RecordEvery % Spectrum.QrEvery == 0, "spectrum.record_every", "must be a positive multiple of spectrum.qr_every");
        Check(Sharpness.Every >= 1, "sharpness.every", "must be >= 1");
        Check(Sharpness.Iterations is >= 1 and <= 10_000, "sharpness.iterations", "must be in [1, 10000]");
        Check(Sharpness.Tolerance is > 0 and < 1, "sharpness.tolerance", "must be in (0, 1)");
        Check(PostLearning.StartStep >= -1, "post_learning.start_step", "must be >= 0, or -1 for the last step");
        Check(PostLearning.Steps >= 1, "post_learning.steps", "must be >= 1");
        Check(PostLearning.Members >= 1, "post_learning.members", "must be >= 1");
        Check(PostLearning.Epsilon > 0 && double.IsFinite(PostLearning.Epsilon), "post_learning.epsilon", "must be positive and finite");
        Check(PostLearning.RecordEvery >= 1, "post_learning.record_every", "must be >= 1");
        Check(Loss.Tolerance > 0 && double.IsFinite(Loss.Tolerance), "loss.tolerance", "must be positive and finite");
        Check(Loss.References >= 1, "loss.references", "must be >= 1");
        Check(Loss.MaxLag >= 1, "loss.max_lag", "must be >= 1");
        Check(Loss.Shuffles >= 1, "loss.shuffles", "must be >= 1");
        return p;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        var p = Problems();
        if (p.Count > 0)
        {
            throw new ArgumentException($"lyapunov.{p[0].Key}: {p[0].Message}");
        }
    }
}
