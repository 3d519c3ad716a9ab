using NetOrbit.Lyapunov;
using NetOrbit.Stages;

namespace NetOrbit.Regimes;

/// <summary>
/// Options of the <c>regimes</c> stage (configuration <c>"stages": { "regimes": { ... } }</c>, keys in
/// snake_case). Defaults and why they were chosen: stages/Regimes/README.md.
/// </summary>
public sealed record RegimesOptions : IStageOptions
{
    /// <summary><c>every</c>: snapshot interval k of the features (every k-th step of the reference), &gt;= 1. Default 1.</summary>
    [OptionRange(1)]
    public int Every { get; init; } = 1;

    /// <summary><c>norm</c>: distance between reference and copies for the exponent, <c>l1</c> (the paper's) or <c>l2</c>. Default l1.</summary>
    public DistanceNorm Norm { get; init; } = DistanceNorm.L1;

    /// <summary><c>window</c>: the window grid and filter of the exponent (<c>min_r2</c>, <c>min_lambda</c>, ...), as in the lyapunov stage. Default: the paper's (min_r2 0.9, min_lambda 0.05).</summary>
    public WindowFitOptions Window { get; init; } = WindowFitOptions.Paper;

    /// <summary><c>chance_margin</c>: the final training accuracy is "well above chance" when &gt;= 1/classes + this, in [0, 1]. Default 0.25.</summary>
    [OptionRange(0, 1)]
    public double ChanceMargin { get; init; } = 0.25;

    /// <summary><c>converged_ratio</c>: the loss is "converging" when final/initial loss &lt; this, &gt; 0. Default 0.5.</summary>
    [OptionRange(0, MinExclusive = true)]
    public double ConvergedRatio { get; init; } = 0.5;

    /// <summary><c>irregular_oscillation</c>: the loss is "irregular" when its oscillation (mean |second difference| / mean loss) is &gt;= this, &gt; 0. Default 0.05.</summary>
    [OptionRange(0, MinExclusive = true)]
    public double IrregularOscillation { get; init; } = 0.05;

    /// <summary><c>irregular_monotone</c>: the loss is "irregular" when the fraction of decreasing intervals is &lt; this, in [0, 1]. Default 0.5.</summary>
    [OptionRange(0, 1)]
    public double IrregularMonotone { get; init; } = 0.5;

    /// <summary><c>high_frequency</c>: lower edge of the "high" band of <c>loss_high_frequency</c>, as a fraction of the Nyquist frequency, in (0, 1). Default 0.5.</summary>
    [OptionRange(0, 1, MinExclusive = true, MaxExclusive = true)]
    public double HighFrequency { get; init; } = 0.5;

    /// <summary>The <see cref="Model"/> value naming the model that ships with NetOrbit.</summary>
    public const string BuiltInModel = "builtin";

    /// <summary>The <see cref="Model"/> value that turns classification off.</summary>
    public const string NoModel = "none";

    /// <summary>
    /// <c>model</c>: the regime classifier. <c>builtin</c> (default): the model that ships with NetOrbit
    /// (stages/Regimes/Model, trained by <c>netorbit regimes train</c> on samples/configs/regimes-training*.json);
    /// <c>none</c>: no classification (predictions and timeline stay empty); otherwise a model.zip saved by
    /// <c>netorbit regimes train</c> (a relative path is taken from the working directory).
    /// </summary>
    public string Model { get; init; } = BuiltInModel;

    /// <summary><c>timeline_window</c>: steps per window of the regime timeline, &gt;= 0 (0: no timeline). Default 0 (each window costs a features computation and a prediction); 500 is the length of the runs the built-in model learnt from.</summary>
    [OptionRange(0)]
    public int TimelineWindow { get; init; }

    /// <summary><c>timeline_stride</c>: steps between the starts of consecutive windows, &gt;= 1. Default 250 (windows overlap by half).</summary>
    [OptionRange(1)]
    public int TimelineStride { get; init; } = 250;

    /// <summary>The rules between options.</summary>
    public IEnumerable<OptionProblem> Validate()
    {
        if (Model is not BuiltInModel and not NoModel && !File.Exists(Model))
        {
            yield return OptionProblem.Rule("model", $"file not found: {Model} (or use '{BuiltInModel}' or '{NoModel}')");
        }

        if (TimelineWindow > 0 && TimelineWindow < Every * 10)
        {
            yield return OptionProblem.Rule("timeline_window", $"a window of {TimelineWindow} steps holds fewer than 10 snapshots every {Every} steps (use 0 for no timeline)");
        }

        foreach (var problem in Window.RuleProblems("window"))
        {
            yield return problem;
        }
    }
}
