using System.Text.Json;
using NetOrbit.Config;
using NetOrbit.Graph;
using NetOrbit.Stages;

[assembly: NetOrbitStage(typeof(GraphStageFactory))]

namespace NetOrbit.Graph;

/// <summary>
/// Registers the <c>graph</c> stage: network-graph metrics of every k-th snapshot and the paper's
/// per-trajectory weight analyses. Configuration: <c>"stages": { "graph": { ...GraphOptions } }</c>.
/// </summary>
public sealed class GraphStageFactory : IStageFactory
{
    /// <summary>The stage name and table prefix.</summary>
    public const string StageName = "graph";

    /// <inheritdoc />
    public string Name => StageName;

    /// <inheritdoc />
    public IAnalysisStage? Create(JsonElement options, string path, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Errors.Count;
        var parsed = GraphOptions.Parse(new JsonOptions(options, path, errors));
        parsed.Validate(path, errors);
        return errors.Errors.Count == before ? new GraphStage(parsed) : null;
    }

    /// <summary>Builds the stage from options given in code; throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public static IAnalysisStage CreateStage(GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new ConfigErrors();
        options.Validate("graph", errors);
        if (!errors.IsEmpty)
        {
            throw new ArgumentException(string.Join("; ", errors.Errors), nameof(options));
        }

        return new GraphStage(options);
    }
}
