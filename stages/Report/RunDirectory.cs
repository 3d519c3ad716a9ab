using System.Text.Json;

namespace NetOrbit.Report;

/// <summary>
/// The tables of one run directory as the report reads them: each table once, on first use, and
/// only the reference member's rows of a trajectory file. A missing table is null; an unreadable
/// one raises <see cref="InputFileException"/>.
/// </summary>
internal sealed class RunDirectory
{
    private readonly Dictionary<string, ReportTable?> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReferenceTrajectory?> _trajectories = new(StringComparer.Ordinal);
    private Dictionary<string, NetOrbit.Arrow.TrajectoryFile>? _recorded;

    private RunDirectory(string root, IReadOnlyList<RunRow> runs, string? experiment, string? description)
    {
        Root = root;
        Runs = runs;
        Experiment = experiment;
        Description = description;
        ById = runs.GroupBy(r => r.RunId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>The directory.</summary>
    public string Root { get; }

    /// <summary>Rows of runs.arrow in grid order.</summary>
    public IReadOnlyList<RunRow> Runs { get; }

    /// <summary>Runs by id.</summary>
    public IReadOnlyDictionary<string, RunRow> ById { get; }

    /// <summary>Experiment name from manifest.json, when there is one.</summary>
    public string? Experiment { get; }

    /// <summary>Experiment description from manifest.json, when there is one.</summary>
    public string? Description { get; }

    /// <summary>Opens <paramref name="root"/>: it must hold runs.arrow.</summary>
    public static RunDirectory Open(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new InputFileException(root, "no such directory");
        }

        var runsPath = Path.Combine(root, "runs.arrow");
        if (!File.Exists(runsPath))
        {
            throw new InputFileException(root, "not a NetOrbit run directory (no runs.arrow)");
        }

        var t = ReportTable.Read(runsPath, "runs");
        var ids = t.Strings("run_id");
        var datasets = t.Strings("dataset");
        var architectures = t.Strings("architecture");
        var etas = t.Doubles("eta");
        var eps = t.Doubles("epsilon");
        var ics = t.Longs("initial_condition");
        var steps = t.Longs("steps");
        var status = t.Strings("status");
        var loss = t.Doubles("final_loss");
        var acc = t.Doubles("final_accuracy");
        var test = t.Doubles("final_test_accuracy");
        var runs = new RunRow[t.Rows];
        for (var i = 0; i < runs.Length; i++)
        {
            runs[i] = new RunRow(i, ids[i], datasets[i], architectures[i], etas[i], eps[i], (int)ics[i], steps[i], status[i], loss[i], acc[i], test[i]);
        }

        string? experiment = null, description = null;
        var manifest = Path.Combine(root, "manifest.json");
        if (File.Exists(manifest))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(manifest));
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    experiment = doc.RootElement.TryGetProperty("experiment", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                    if (doc.RootElement.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String)
                    {
                        description = d.GetString();
                    }
                }
            }
            catch (JsonException e)
            {
                throw new InputFileException(manifest, $"not valid JSON ({e.Message})", inner: e);
            }
        }

        return new RunDirectory(root, runs, experiment, description);
    }

    /// <summary>The table <paramref name="name"/> (e.g. <c>lyapunov/summary</c>), or null when its file is absent.</summary>
    public ReportTable? Table(string name)
    {
        if (!_tables.TryGetValue(name, out var table))
        {
            var path = Path.Combine(Root, name.Replace('/', Path.DirectorySeparatorChar) + ".arrow");
            table = File.Exists(path) ? ReportTable.Read(path, name) : null;
            _tables[name] = table;
        }

        return table;
    }

    /// <summary>True when trajectories/ holds the rows of at least one run.</summary>
    public bool HasTrajectories => Runs.Any(r => Recorded.ContainsKey(r.RunId));

    /// <summary>The reference member's recorded snapshots of a run, or null when trajectories/ has none.</summary>
    public ReferenceTrajectory? Trajectory(string runId)
    {
        if (!_trajectories.TryGetValue(runId, out var trajectory))
        {
            trajectory = Recorded.TryGetValue(runId, out var file) ? ReferenceTrajectory.From(ReportTable.Read(file.Path, "trajectories/" + runId, file.FirstRow, file.Rows)) : null;
            _trajectories[runId] = trajectory;
        }

        return trajectory;
    }

    /// <summary>Where each recorded run's rows are (part files of many runs, or one file per run), indexed on first use.</summary>
    private Dictionary<string, NetOrbit.Arrow.TrajectoryFile> Recorded => _recorded ??= NetOrbit.Arrow.TrajectoryFolder.Index(Path.Combine(Root, NetOrbit.Arrow.TrajectoryFolder.Name));

    /// <summary>The distinct learning rates, ascending.</summary>
    public double[] Etas => [.. Runs.Select(r => r.Eta).Distinct().Order()];

    /// <summary>
    /// The learning rate of the runs nearest to <paramref name="target"/> on a log scale, within a
    /// factor of 3, or null when none is that close.
    /// </summary>
    public double? NearestEta(double target)
    {
        double? best = null;
        foreach (var eta in Etas)
        {
            if (eta > 0 && Math.Abs(Math.Log(eta / target)) <= Math.Log(3) && (best is null || Math.Abs(Math.Log(eta / target)) < Math.Abs(Math.Log(best.Value / target))))
            {
                best = eta;
            }
        }

        return best;
    }
}
