using NetOrbit.Numerics;
using NetOrbit.Stages;

namespace NetOrbit.Graph;

/// <summary>
/// Options of the <c>graph</c> stage (configuration keys in brackets, bound by <see cref="StageOptionsBinder"/>).
/// Immutable; every option's range is declared on it and checked once when the stage is built.
/// </summary>
public sealed record GraphOptions : IStageOptions
{
    /// <summary>Largest accepted snapshot interval.</summary>
    public const int MaxInterval = 1_000_000;

    /// <summary>[<c>every</c>] Per-snapshot metrics are computed at steps divisible by this; 1..1,000,000, default 50.</summary>
    [OptionRange(1, MaxInterval)]
    public int Every { get; init; } = 50;

    /// <summary>
    /// [<c>path_every</c>] Grid of the per-parameter path length and excursion: steps divisible by
    /// this; 1..1,000,000; default null = <see cref="Every"/>, which costs nothing extra but gives a
    /// lower bound of the per-step path length. 1 reproduces the paper's path length exactly, at the
    /// price of a snapshot from the trainer at every step.
    /// </summary>
    [OptionRange(1, MaxInterval)]
    public int? PathEvery { get; init; }

    /// <summary>The path grid in force: <see cref="PathEvery"/>, or <see cref="Every"/> when unset.</summary>
    public int PathInterval => PathEvery ?? Every;

    /// <summary>[<c>singular_values</c>] Write every layer's full singular-value list; default true (false writes null lists; spectral norm and stable rank are kept).</summary>
    public bool SingularValues { get; init; } = true;

    /// <summary>[<c>strengths</c>] Write per-neuron strengths to <c>graph/strengths</c>; default true.</summary>
    public bool Strengths { get; init; } = true;

    /// <summary>[<c>ablation_layer</c>] Weight matrix ablated (0 = input to first hidden layer, as the paper); 0 or more, below the network's layer count; default 0.</summary>
    [OptionRange(0)]
    public int AblationLayer { get; init; }

    /// <summary>[<c>ablation</c>: none | reference | all] Members whose final network is ablated; default reference.</summary>
    public GraphMemberSelection Ablation { get; init; } = GraphMemberSelection.Reference;

    /// <summary>[<c>misclassified</c>: none | reference | all] Members whose final network's misclassified rows are listed; default reference (the paper's Fig. 2 shows one network).</summary>
    public GraphMemberSelection Misclassified { get; init; } = GraphMemberSelection.Reference;

    /// <summary>Snapshot interval the stage asks for: the greatest common divisor of <see cref="Every"/> and <see cref="PathInterval"/>.</summary>
    public int SnapshotInterval => IntMath.Gcd(Math.Max(Every, 1), Math.Max(PathInterval, 1));

    /// <summary>Enumerations set in code to values outside their members.</summary>
    public IEnumerable<OptionProblem> Validate()
    {
        if (!Enum.IsDefined(Ablation))
        {
            yield return new OptionProblem("ablation", $"{Ablation} is not allowed: expected one of none | reference | all");
        }

        if (!Enum.IsDefined(Misclassified))
        {
            yield return new OptionProblem("misclassified", $"{Misclassified} is not allowed: expected one of none | reference | all");
        }
    }
}
