using System.Text.Json;

namespace NetOrbit.Stages;

/// <summary>
/// Registers a stage by name and builds it from its options in the experiment configuration
/// (<c>"stages": { "name": { ...options } }</c>). A plugin assembly names its factories with
/// <see cref="NetOrbitStageAttribute"/>.
/// </summary>
public interface IStageFactory
{
    /// <summary>The stage name used in configurations and as the prefix of its tables.</summary>
    string Name { get; }

    /// <summary>
    /// Validates <paramref name="options"/> (a JSON object, possibly empty) and builds the stage.
    /// Report every problem to <paramref name="errors"/> with a JSON path under
    /// <paramref name="path"/> and return null when there is any.
    /// </summary>
    IAnalysisStage? Create(JsonElement options, string path, Config.ConfigErrors errors);
}
