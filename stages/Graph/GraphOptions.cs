using NetOrbit.Config;
using NetOrbit.Numerics;

namespace NetOrbit.Graph;

/// <summary>
/// Options of the <c>graph</c> stage (configuration keys in brackets). Immutable; validated once by
/// <see cref="Validate"/> when the stage is built.
/// </summary>
public sealed record GraphOptions
{
    /// <summary>Largest accepted snapshot interval.</summary>
    public const int MaxInterval = 1_000_000;

    /// <summary>[<c>every</c>] Per-snapshot metrics are computed at steps divisible by this; 1..1,000,000, default 50.</summary>
    public int Every { get; init; } = 50;

    /// <summary>
    /// [<c>path_every</c>] Grid of the per-parameter path length and excursion: steps divisible by
    /// this; 1..1,000,000; default null = <see cref="Every"/>, which costs nothing extra but gives a
    /// lower bound of the per-step path length. 1 reproduces the paper's path length exactly, at the
    /// price of a snapshot from the trainer at every step.
    /// </summary>
    public int? PathEvery { get; init; }

    /// <summary>The path grid in force: <see cref="PathEvery"/>, or <see cref="Every"/> when unset.</summary>
    public int PathInterval => PathEvery ?? Every;

    /// <summary>[<c>singular_values</c>] Write every layer's full singular-value list; default true (false writes null lists; spectral norm and stable rank are kept).</summary>
    public bool SingularValues { get; init; } = true;

    /// <summary>[<c>strengths</c>] Write per-neuron strengths to <c>graph/strengths</c>; default true.</summary>
    public bool Strengths { get; init; } = true;

    /// <summary>[<c>ablation_layer</c>] Weight matrix ablated (0 = input to first hidden layer, as the paper); 0 or more, below the network's layer count; default 0.</summary>
    public int AblationLayer { get; init; }

    /// <summary>[<c>ablation</c>: none | reference | all] Members whose final network is ablated; default reference.</summary>
    public GraphMemberSelection Ablation { get; init; } = GraphMemberSelection.Reference;

    /// <summary>[<c>misclassified</c>: none | reference | all] Members whose final network's misclassified rows are listed; default reference (the paper's Fig. 2 shows one network).</summary>
    public GraphMemberSelection Misclassified { get; init; } = GraphMemberSelection.Reference;

    /// <summary>Snapshot interval the stage asks for: the greatest common divisor of <see cref="Every"/> and <see cref="PathInterval"/>.</summary>
    public int SnapshotInterval => IntMath.Gcd(Math.Max(Every, 1), Math.Max(PathInterval, 1));

    /// <summary>Reports every out-of-range option to <paramref name="errors"/> under <paramref name="path"/>.</summary>
    public void Validate(string path, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Every is < 1 or > MaxInterval)
        {
            errors.Add($"{path}.every", $"{Every} is out of range: allowed [1, {MaxInterval}]");
        }

        if (PathEvery is < 1 or > MaxInterval)
        {
            errors.Add($"{path}.path_every", $"{PathEvery} is out of range: allowed [1, {MaxInterval}]");
        }

        if (AblationLayer < 0)
        {
            errors.Add($"{path}.ablation_layer", $"{AblationLayer} is out of range: allowed 0 or more (0 = input to first hidden layer)");
        }

        if (!Enum.IsDefined(Ablation))
        {
            errors.Add($"{path}.ablation", $"{Ablation} is not allowed: expected none | reference | all");
        }

        if (!Enum.IsDefined(Misclassified))
        {
            errors.Add($"{path}.misclassified", $"{Misclassified} is not allowed: expected none | reference | all");
        }
    }

    /// <summary>Reads the options object; unknown keys and bad values go to the errors of <paramref name="json"/>.</summary>
    internal static GraphOptions Parse(JsonOptions json)
    {
        var defaults = new GraphOptions();
        var options = new GraphOptions
        {
            Every = json.Int("every", defaults.Every, 1, MaxInterval),
            PathEvery = json.Has("path_every") ? json.Int("path_every", 1, 1, MaxInterval) : null,
            SingularValues = json.Bool("singular_values", defaults.SingularValues),
            Strengths = json.Bool("strengths", defaults.Strengths),
            AblationLayer = json.Int("ablation_layer", defaults.AblationLayer, 0),
            Ablation = Selection(json.Choice("ablation", "reference", "none", "reference", "all")),
            Misclassified = Selection(json.Choice("misclassified", "reference", "none", "reference", "all")),
        };
        json.RejectUnknown();
        return options;
    }

    private static GraphMemberSelection Selection(string value) => value switch
    {
        "none" => GraphMemberSelection.None,
        "reference" => GraphMemberSelection.Reference,
        _ => GraphMemberSelection.All,
    };
}
