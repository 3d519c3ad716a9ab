using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetOrbit.Config;

namespace NetOrbit.Report.LrScan;

/// <summary>
/// The experiment a learning-rate scan runs, made from the user's configuration: its datasets,
/// architecture, initialisation, optimiser, steps and evaluation kept; the learning rates replaced
/// by the log grid; the initial conditions, perturbed copies, recording and stages set for the scan.
/// </summary>
/// <param name="Name">The scan experiment's name: the configuration's name + <c>-lr-scan</c>.</param>
/// <param name="Json">The scan's configuration (JSON), for <c>ExperimentBuilder.FromJson</c>.</param>
/// <param name="Notes">What was changed beyond the grid, one sentence each (printed by the command).</param>
public sealed record LrScanPlan(string Name, string Json, IReadOnlyList<string> Notes)
{
    /// <summary>Stages the scan keeps from the configuration (with their options); others are dropped.</summary>
    private static readonly string[] KeptStages = ["lyapunov", "regimes"];

    /// <summary>
    /// The scan of <paramref name="config"/> with <paramref name="options"/>. The configuration must
    /// be valid (<see cref="ExperimentConfigLoader"/>); the options too (<see cref="LrScanOptions.Problems"/>).
    /// </summary>
    public static LrScanPlan Create(ExperimentConfig config, LrScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(problems[0], nameof(options));
        }

        var notes = new List<string>();
        var node = JsonNode.Parse(config.ResolvedJson)!.AsObject();
        var name = config.Name + "-lr-scan";
        node["name"] = name;
        node["description"] = $"Learning-rate scan (netorbit lr-scan) of '{config.Name}': {options.Count} learning rates from {G(options.From)} to {G(options.To)} (log grid). {config.Description}".Trim();
        node["learning_rates"] = new JsonObject { ["log"] = new JsonObject { ["start"] = options.From, ["stop"] = options.To, ["count"] = options.Count } };

        var ics = options.InitialConditions ?? Math.Min(LrScanOptions.DefaultInitialConditions, config.InitialConditions.Count);
        node["initial_conditions"] = new JsonObject { ["count"] = ics, ["first"] = config.InitialConditions.First };

        var p = config.Perturbations;
        if (p.Copies > 0)
        {
            if (p.Epsilons.Length > 1)
            {
                notes.Add($"the configuration has {p.Epsilons.Length} perturbation sizes; the scan uses the first, eps = {G(p.Epsilons[0])}");
            }

            node["perturbations"] = new JsonObject { ["copies"] = p.Copies, ["epsilons"] = new JsonArray(p.Epsilons[0]), ["target"] = p.Target, ["seed"] = p.Seed };
        }
        else
        {
            notes.Add($"the configuration has no perturbed copies; the scan adds {options.DefaultCopies} at eps = {G(options.DefaultEpsilon)} for the exponent and the regime labels");
            node["perturbations"] = new JsonObject { ["copies"] = options.DefaultCopies, ["epsilons"] = new JsonArray(options.DefaultEpsilon), ["target"] = p.Target, ["seed"] = p.Seed };
        }

        var evaluate = config.EvaluateEvery;
        if (evaluate == 0)
        {
            evaluate = Math.Max(1, config.Steps / 50);
            notes.Add($"the configuration never evaluates the test set; the scan evaluates every {evaluate} steps (time to the target accuracy needs it)");
            node["evaluation"] = new JsonObject { ["every"] = evaluate };
        }

        // The reference's snapshots at the evaluated steps: the test accuracy the time to the target is read from, and the report's trajectories.
        node["recording"] = new JsonObject { ["mode"] = "snapshots", ["members"] = "reference", ["every"] = evaluate };

        var stages = new JsonObject();
        foreach (var (stage, _, optionsJson) in config.Stages)
        {
            if (KeptStages.Contains(stage, StringComparer.Ordinal))
            {
                stages[stage] = JsonNode.Parse(optionsJson.GetRawText());
            }
            else
            {
                notes.Add($"stage '{stage}' is not needed by the scan and does not run");
            }
        }

        var lyapunov = stages["lyapunov"] as JsonObject ?? [];
        var sharpness = lyapunov["sharpness"] as JsonObject ?? [];
        sharpness["enabled"] = true;
        if (sharpness["every"] is null)
        {
            // Each evaluation is a Lanczos run of Hessian-vector products: a few per run, not one per snapshot.
            sharpness["every"] = Math.Max(1, config.Steps / options.SharpnessEvaluations);
        }

        lyapunov["sharpness"] = sharpness;
        stages["lyapunov"] = lyapunov;
        stages["regimes"] ??= new JsonObject();
        node["stages"] = stages;
        return new LrScanPlan(name, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), notes);
    }

    private static string G(double v) => v.ToString("g4", CultureInfo.InvariantCulture);
}
