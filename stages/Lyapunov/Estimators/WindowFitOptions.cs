using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// The window grid and filter of the paper's finite network Lyapunov estimator. Defaults are the
/// paper's: starts x1 in {0, 5, ..., 100}, lengths w in {30, 35, ..., 100} (315 windows), keep an
/// initial condition when R^2 &gt; 0.9 and Lambda &gt; 0.05 per iteration.
/// </summary>
public sealed record WindowFitOptions
{
    /// <summary>First window start (steps, &gt;= 0). Default 0.</summary>
    [OptionRange(0)]
    public int StartMin { get; init; }

    /// <summary>Last window start (steps, &gt;= <see cref="StartMin"/>). Default 100.</summary>
    [OptionRange(0)]
    public int StartMax { get; init; } = 100;

    /// <summary>Spacing of window starts (steps, &gt;= 1). Default 5.</summary>
    [OptionRange(1)]
    public int StartStep { get; init; } = 5;

    /// <summary>Shortest window (points, &gt;= 3). Default 30.</summary>
    [OptionRange(3)]
    public int LengthMin { get; init; } = 30;

    /// <summary>Longest window (points, &gt;= <see cref="LengthMin"/>). Default 100.</summary>
    [OptionRange(3)]
    public int LengthMax { get; init; } = 100;

    /// <summary>Spacing of window lengths (points, &gt;= 1). Default 5.</summary>
    [OptionRange(1)]
    public int LengthStep { get; init; } = 5;

    /// <summary>Keep only when the best R^2 is strictly above this, in [0, 1]. Default 0.9.</summary>
    [OptionRange(0, 1)]
    public double MinR2 { get; init; } = 0.9;

    /// <summary>Keep only when Lambda is strictly above this (per iteration). Default 0.05.</summary>
    public double MinLambda { get; init; } = 0.05;

    /// <summary>The paper's settings.</summary>
    public static WindowFitOptions Paper { get; } = new();

    /// <summary>One past the last step any window can reach: StartMax + LengthMax.</summary>
    public int Span => StartMax + LengthMax;

    /// <summary>The rules between these options, as stage-option problems under <paramref name="key"/> (for example <c>window</c>).</summary>
    public IEnumerable<OptionProblem> RuleProblems(string key)
    {
        if (StartMax < StartMin)
        {
            yield return OptionProblem.Rule($"{key}.start_max", $"must be >= {key}.start_min");
        }

        if (LengthMax < LengthMin)
        {
            yield return OptionProblem.Rule($"{key}.length_max", $"must be >= {key}.length_min");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Require(StartMin >= 0, nameof(StartMin), "must be >= 0");
        Require(StartMax >= StartMin, nameof(StartMax), "must be >= StartMin");
        Require(StartStep >= 1, nameof(StartStep), "must be >= 1");
        Require(LengthMin >= 3, nameof(LengthMin), "must be >= 3");
        Require(LengthMax >= LengthMin, nameof(LengthMax), "must be >= LengthMin");
        Require(LengthStep >= 1, nameof(LengthStep), "must be >= 1");
        Require(MinR2 is >= 0 and <= 1, nameof(MinR2), "must be in [0, 1]");
        Require(double.IsFinite(MinLambda), nameof(MinLambda), "must be finite");
    }

    private static void Require(bool ok, string name, string what)
    {
        if (!ok)
        {
            throw new ArgumentException($"WindowFitOptions.{name} {what}.", name);
        }
    }
}
