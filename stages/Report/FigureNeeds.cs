namespace NetOrbit.Report;

/// <summary>
/// Says whether the tables a figure needs are there: an absent table gives a note naming the table
/// and the stage option that writes it, an empty one a note saying it is empty. Holds the parsed
/// lyapunov/distances index that several figures share.
/// </summary>
internal sealed class FigureNeeds(RunDirectory run)
{
    private static readonly Dictionary<string, string> Writers = new(StringComparer.Ordinal)
    {
        ["lyapunov/distances"] = "the lyapunov stage on runs with perturbed copies",
        ["lyapunov/exponents"] = "the lyapunov stage on runs with perturbed copies",
        ["lyapunov/summary"] = "the lyapunov stage",
        ["lyapunov/post_learning"] = "the lyapunov stage with \"post_learning\": {\"enabled\": true}",
        ["lyapunov/loss_acf"] = "the lyapunov stage with \"loss\": {\"enabled\": true}",
        ["lyapunov/loss_kantz"] = "the lyapunov stage with \"loss\": {\"enabled\": true}",
        ["lyapunov/loss_plateaus"] = "the lyapunov stage with \"loss\": {\"enabled\": true}",
        ["lyapunov/sharpness"] = "the lyapunov stage with \"sharpness\": {\"enabled\": true}",
        ["lyapunov/spectrum"] = "the lyapunov stage with \"spectrum\": {\"enabled\": true}",
        ["lyapunov/benettin"] = "the lyapunov stage with \"benettin\": {\"enabled\": true}",
        ["graph/misclassified"] = "the graph stage",
        ["graph/ablation"] = "the graph stage",
        ["graph/weights"] = "the graph stage",
        ["graph/metrics"] = "the graph stage",
        ["recurrence/rqa"] = "the recurrence stage",
        ["regimes/labels"] = "the regimes stage on runs with perturbed copies",
        ["regimes/predictions"] = "the regimes stage with a model (the built-in one by default)",
    };

    private DistanceIndex? _distances;

    /// <summary>lyapunov/distances by run (only call after <see cref="Missing"/> said it is there).</summary>
    public DistanceIndex Distances => _distances ??= new DistanceIndex(run.Table("lyapunov/distances")!);

    /// <summary>A note when one of <paramref name="tables"/> is absent or has no rows; null when all are there.</summary>
    public ReportNote? Missing(string section, string title, string figure, params string[] tables)
    {
        foreach (var name in tables)
        {
            var t = run.Table(name);
            if (t is null)
            {
                var writer = Writers.TryGetValue(name, out var w) ? $" (written by {w})" : name.StartsWith("datasets/", StringComparison.Ordinal) ? " (written by every run)" : string.Empty;
                return new ReportNote(section, title, figure, $"skipped: needs {name}.arrow{writer}, which this run directory does not have.");
            }

            if (t.Rows == 0)
            {
                return new ReportNote(section, title, figure, $"not drawn: {name}.arrow is present but has no rows.");
            }
        }

        return null;
    }

    /// <summary>The note for a figure that needs the reference networks' trajectories.</summary>
    public ReportNote TrajectoryNote(string section, string title, string figure) =>
        new(section, title, figure, "skipped: needs the trajectories/ rows of the runs (recording mode snapshots), which this run directory does not have for them.");
}
