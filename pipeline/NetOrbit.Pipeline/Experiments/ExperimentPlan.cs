using NetOrbit.Config;
using NetOrbit.Contracts;
using NetOrbit.Data;
using NetOrbit.Datasets;
using NetOrbit.Randomness;
using NetOrbit.Running;
using NetOrbit.Stages;

namespace NetOrbit.Pipeline;

/// <summary>
/// A validated, loaded experiment: the configuration, its datasets, its stages and the grid of
/// runs. Building it checks everything (configuration, dataset entries, stage options, data
/// files) before any training starts.
/// </summary>
internal sealed class ExperimentPlan
{
    private ExperimentPlan(ExperimentConfig config, IReadOnlyList<Dataset> datasets, IReadOnlyList<IAnalysisStage> stages, IReadOnlyList<RunInfo> runs, IReadOnlySet<string> standardized)
    {
        Standardized = standardized;
        Config = config;
        Datasets = datasets;
        Stages = stages;
        Runs = runs;
    }

    public ExperimentConfig Config { get; }

    public IReadOnlyList<Dataset> Datasets { get; }

    public IReadOnlyList<IAnalysisStage> Stages { get; }

    public IReadOnlyList<RunInfo> Runs { get; }

    /// <summary>Network-steps (members x steps) of the <paramref name="count"/> runs from grid position <paramref name="first"/>.</summary>
    public long NetworkSteps(int first, int count)
    {
        long steps = 0;
        for (var i = first; i < first + count; i++)
        {
            steps += (long)Runs[i].Members * Runs[i].Steps;
        }

        return steps;
    }

    /// <summary>Names of the datasets whose features were standardised.</summary>
    public IReadOnlySet<string> Standardized { get; }

    /// <summary>The run with id <paramref name="runId"/>, or null.</summary>
    public RunInfo? RunById(string runId)
    {
        _byId ??= Runs.Select((r, i) => (r.RunId, i)).ToDictionary(x => x.RunId, x => x.i, StringComparer.Ordinal);
        return _byId.TryGetValue(runId, out var i) ? Runs[i] : null;
    }

    private Dictionary<string, int>? _byId;

    /// <summary>Dataset by name.</summary>
    public Dataset Dataset(string name) => Datasets.First(d => d.Name == name);

    /// <summary>Validates <paramref name="json"/> and loads its datasets.</summary>
    /// <exception cref="ConfigException">The configuration, a dataset entry or a stage's options are invalid.</exception>
    /// <exception cref="InputFileException">A data file is unreadable or malformed.</exception>
    public static ExperimentPlan Create(string json, string file, string baseDirectory, StageCatalog catalog, IReadOnlyList<IAnalysisStage>? addedStages = null)
    {
        // One pass: the configuration's own keys, every dataset entry and every stage's options,
        // all problems reported together.
        var errors = new ConfigErrors();
        var config = ExperimentConfigLoader.Read(json, file, baseDirectory, errors);
        var recipes = new List<DatasetRecipe>();
        foreach (var (path, entry) in config.Datasets)
        {
            var recipe = DatasetCatalog.Parse(new JsonOptions(entry, path, errors), baseDirectory);
            if (recipe is not null)
            {
                if (recipes.Any(r => r.Name == recipe.Name))
                {
                    errors.Add(path + ".name", $"dataset name '{recipe.Name}' is used twice");
                }

                recipes.Add(recipe);
            }
        }

        var stages = new List<IAnalysisStage>();
        foreach (var (name, path, options) in config.Stages)
        {
            var factory = catalog.Find(name);
            if (factory is null)
            {
                errors.Add(path, $"unknown stage '{name}': known stages are {string.Join(", ", catalog.Names)} (load others with --plugin)");
                continue;
            }

            var stage = factory.Create(options, path, errors);
            if (stage is not null)
            {
                stages.Add(stage);
            }
        }

        foreach (var stage in addedStages ?? [])
        {
            if (stages.Any(s => s.Name == stage.Name))
            {
                errors.Add("$.stages." + stage.Name, $"stage '{stage.Name}' is both configured and added as an instance");
                continue;
            }

            stages.Add(stage);
        }

        if (!errors.IsEmpty)
        {
            throw new ConfigException(file, errors.Errors);
        }

        var datasets = recipes.Select(r => r.Load()).ToList();
        return new ExperimentPlan(config, datasets, stages, BuildGrid(config, datasets), recipes.Where(r => r.Standardize).Select(r => r.Name).ToHashSet());
    }

    private static GridRuns BuildGrid(ExperimentConfig c, IReadOnlyList<Dataset> datasets)
    {
        // Run ids are dataset_eta<eta>_ic<ic>[_eps<eps>] with the numbers in shortest round-trip form, so
        // two runs share an id exactly when a learning rate or an epsilon is repeated.
        var epsilons = c.Perturbations.Copies > 0 ? c.Perturbations.Epsilons : [0.0];
        var repeated = c.LearningRates.Select(Format).GroupBy(x => x).FirstOrDefault(g => g.Count() > 1)?.Key is { } eta
            ? $"eta{eta}"
            : epsilons.Select(Format).GroupBy(x => x).FirstOrDefault(g => g.Count() > 1)?.Key is { } eps ? $"eps{eps}" : null;
        if (repeated is not null)
        {
            throw new ConfigException("<grid>", [new ConfigError("$", $"two runs would share an id with '{repeated}': remove repeated learning rates or epsilons")]);
        }

        return new GridRuns(c, datasets, epsilons);
    }

    /// <summary>
    /// The grid of runs (dataset x learning rate x initial condition x epsilon, in that nesting), each
    /// made when asked for, so a grid of millions of runs takes no memory.
    /// </summary>
    private sealed class GridRuns : IReadOnlyList<RunInfo>
    {
        private readonly ExperimentConfig _c;
        private readonly IReadOnlyList<Dataset> _datasets;
        private readonly ParameterLayout[] _layouts;
        private readonly double[] _epsilons;
        private readonly int _perDataset;

        public GridRuns(ExperimentConfig c, IReadOnlyList<Dataset> datasets, double[] epsilons)
        {
            _c = c;
            _datasets = datasets;
            _epsilons = epsilons;
            _layouts = [.. datasets.Select(d => ParameterLayout.ForLayers([d.FeatureCount, .. c.Architecture.Hidden, d.ClassCount]))];
            _perDataset = c.LearningRates.Count * c.InitialConditions.Count * epsilons.Length;
            Count = datasets.Count * _perDataset;
        }

        public int Count { get; }

        public RunInfo this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
                var di = index / _perDataset;
                var rest = index % _perDataset;
                var e = rest % _epsilons.Length;
                rest /= _epsilons.Length;
                var k = rest % _c.InitialConditions.Count;
                var eta = _c.LearningRates[rest / _c.InitialConditions.Count];
                var d = _datasets[di];
                var eps = _epsilons[e];
                var ic = _c.InitialConditions.First + k;
                return new RunInfo
                {
                    Index = index,
                    RunId = $"{d.Name}_eta{Format(eta)}_ic{ic:D3}" + (_c.Perturbations.Copies > 0 ? $"_eps{Format(eps)}" : ""),
                    Dataset = d.Name,
                    Architecture = _layouts[di].Architecture,
                    Eta = eta,
                    Epsilon = eps,
                    InitialCondition = ic,
                    InitSeed = SeedMixer.Mix(_c.Initialization.Seed, ic),
                    PerturbationSeed = SeedMixer.Mix(_c.Perturbations.Seed, ic, BitConverter.DoubleToInt64Bits(eps)),
                    Members = _c.Perturbations.Copies + 1,
                    Steps = _c.Steps,
                    Layout = _layouts[di],
                };
            }
        }

        public IEnumerator<RunInfo> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Shortest round-trip text of a number, file-name-safe (e.g. 0.01, 1, 1e-08).</summary>
    internal static string Format(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture).ToLowerInvariant();
}
