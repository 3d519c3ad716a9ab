using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// Registers the <c>lyapunov</c> stage and builds it from its JSON options (see <see cref="LyapunovOptions"/>
/// and stages/Lyapunov/README.md); every problem is reported with its JSON path.
/// </summary>
public sealed class LyapunovStageFactory : StageFactory<LyapunovOptions>
{
    /// <summary>The stage name and table prefix.</summary>
    public const string StageName = "lyapunov";

    /// <inheritdoc />
    public override string Name => StageName;

    /// <summary>Builds the stage from options given in code; throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public static IAnalysisStage CreateStage(LyapunovOptions options) => new LyapunovStageFactory().Create(options);

    /// <inheritdoc />
    protected override IAnalysisStage Build(LyapunovOptions options) => new LyapunovStage(options);
}
