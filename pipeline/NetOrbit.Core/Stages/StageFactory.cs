using System.Text.Json;
using NetOrbit.Config;

namespace NetOrbit.Stages;

/// <summary>
/// The one way a stage is registered: its name, declared once, and its options record, bound from
/// JSON by <see cref="StageOptionsBinder"/> (the same binding and wording for every stage) or given
/// in code to <see cref="Create(TOptions)"/>; both validate the same way.
/// </summary>
/// <typeparam name="TOptions">The stage's public immutable options record (defaults from its parameterless constructor).</typeparam>
public abstract class StageFactory<TOptions> : IStageFactory
    where TOptions : class, IStageOptions, new()
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public IAnalysisStage? Create(JsonElement options, string path, ConfigErrors errors) =>
        StageOptionsBinder.Bind<TOptions>(options, path, errors) is { } o ? Build(o) : null;

    /// <summary>Builds the stage from options given in code; throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public IAnalysisStage Create(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        StageOptionsBinder.ThrowIfInvalid(options, Name);
        return Build(options);
    }

    /// <summary>Builds the stage from valid options.</summary>
    protected abstract IAnalysisStage Build(TOptions options);
}
