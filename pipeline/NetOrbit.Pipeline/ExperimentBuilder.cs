using System.Text.Json;
using System.Text.Json.Nodes;
using NetOrbit.Config;
using NetOrbit.Stages;

namespace NetOrbit.Pipeline;

/// <summary>
/// Builds an <see cref="Experiment"/> from code: start from a configuration (a file, JSON text, or
/// the built-in default), change it, add stages (built-in ones by name, plugin assemblies, or your
/// own <see cref="IAnalysisStage"/> instances), then <see cref="Build"/> validates everything at once.
/// </summary>
/// <example>
/// <code>
/// var experiment = ExperimentBuilder.FromJson("""{ "name": "demo", "datasets": [ { "name": "iris", "source": "iris" } ] }""")
///     .AddStage("lyapunov")
///     .AddStage(new MyStage())
///     .Build();
/// var result = await experiment.RunAsync("runs/demo", new ExperimentRunOptions { Threads = 2 }, cancellationToken);
/// </code>
/// </example>
public sealed class ExperimentBuilder
{
    /// <summary>Name of the built-in default, the paper's Iris study at the paper's scale: a <see cref="Study"/> of several parts.</summary>
    public const string DefaultExperimentName = "paper-iris";

    /// <summary>Name of the built-in single experiment: the three regimes of the paper's Iris study at a tenth of its ensemble (450 runs).</summary>
    public const string CompactExperimentName = "paper-iris-compact";

    private readonly string _json;
    private readonly string _source;
    private readonly string _baseDirectory;
    private readonly List<Action<JsonObject>> _edits = [];
    private readonly List<string> _plugins = [];
    private readonly List<IStageFactory> _factories = [];
    private readonly List<IAnalysisStage> _stages = [];

    private ExperimentBuilder(string json, string source, string baseDirectory)
    {
        _json = json;
        _source = source;
        _baseDirectory = baseDirectory;
    }

    /// <summary>
    /// The built-in single experiment <see cref="CompactExperimentName"/> (the default study,
    /// <see cref="DefaultExperimentName"/>, is read with <see cref="Study.Default"/>); relative paths
    /// resolve against the current directory.
    /// </summary>
    public static ExperimentBuilder Compact() =>
        new(DefaultConfigs.Read(CompactExperimentName), $"<built-in {CompactExperimentName}>", Directory.GetCurrentDirectory());

    /// <summary>A configuration file (JSON, schema <c>schemas/experiment.schema.json</c>); relative data paths resolve against its folder.</summary>
    /// <exception cref="ConfigException">The file cannot be read.</exception>
    public static ExperimentBuilder FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new ExperimentBuilder(ReadConfigFile(path), path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>The text of a configuration file.</summary>
    /// <exception cref="ConfigException">The file cannot be read.</exception>
    internal static string ReadConfigFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, [new ConfigError("$", $"cannot read the file: {e.Message}")]);
        }
    }

    /// <summary>A configuration given as JSON text; <paramref name="source"/> names it in error messages.</summary>
    /// <param name="json">The configuration.</param>
    /// <param name="source">What errors call it (default <c>&lt;code&gt;</c>).</param>
    /// <param name="baseDirectory">Folder that relative data paths resolve against (default: the current directory).</param>
    public static ExperimentBuilder FromJson(string json, string source = "<code>", string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new ExperimentBuilder(json, source, baseDirectory ?? Directory.GetCurrentDirectory());
    }

    /// <summary>Edits the configuration as a JSON tree before it is validated (for example <c>c =&gt; c["steps"] = 500</c>).</summary>
    public ExperimentBuilder Configure(Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        _edits.Add(edit);
        return this;
    }

    /// <summary>Enables a stage by name (built-in, added with <see cref="AddStageFactory"/>, or from a plugin) with options as JSON, exactly as the configuration's <c>stages</c> object does.</summary>
    public ExperimentBuilder AddStage(string name, string optionsJson = "{}")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(optionsJson);
        return Configure(c =>
        {
            if (c["stages"] is not JsonObject stages)
            {
                c["stages"] = stages = [];
            }

            stages[name] = JsonNode.Parse(optionsJson);
        });
    }

    /// <summary>Adds a stage instance; it runs beside the configured stages (its name must differ from theirs).</summary>
    public ExperimentBuilder AddStage(IAnalysisStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        _stages.Add(stage);
        return this;
    }

    /// <summary>Makes a stage factory known, so that the configuration (or <see cref="AddStage(string, string)"/>) can enable it by name.</summary>
    public ExperimentBuilder AddStageFactory(IStageFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factories.Add(factory);
        return this;
    }

    /// <summary>Loads the stage factories of a plugin assembly (one that names them with <c>[assembly: NetOrbitStage(...)]</c>).</summary>
    public ExperimentBuilder LoadPlugin(string assemblyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assemblyPath);
        _plugins.Add(assemblyPath);
        return this;
    }

    /// <summary>
    /// Validates the configuration, every dataset entry and every stage's options, reporting every
    /// problem at once, then loads the datasets and lays out the grid of runs. Nothing is trained yet.
    /// </summary>
    /// <exception cref="ConfigException">The configuration, a dataset entry or a stage's options are invalid.</exception>
    /// <exception cref="InputFileException">A data file is unreadable or malformed.</exception>
    /// <exception cref="PluginException">A plugin assembly cannot be loaded.</exception>
    public Experiment Build()
    {
        var catalog = new StageCatalog([.. BuiltInStages.Factories(), .. _factories]);
        foreach (var p in _plugins)
        {
            catalog.LoadPlugin(p);
        }

        return new Experiment(ExperimentPlan.Create(EditedJson(), _source, _baseDirectory, catalog, _stages));
    }

    private string EditedJson()
    {
        if (_edits.Count == 0)
        {
            return _json;
        }

        JsonObject config;
        try
        {
            config = JsonNode.Parse(_json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new ConfigException(_source, [new ConfigError("$", "the configuration must be a JSON object")]);
        }
        catch (JsonException e)
        {
            throw new ConfigException(_source, [new ConfigError("$", "not valid JSON: " + e.Message)]);
        }

        foreach (var edit in _edits)
        {
            edit(config);
        }

        return config.ToJsonString();
    }
}
