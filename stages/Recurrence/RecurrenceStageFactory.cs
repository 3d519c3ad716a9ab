using NetOrbit.Stages;

namespace NetOrbit.Recurrence;

/// <summary>
/// Registers the <c>recurrence</c> stage: RQA of each member's weight trajectory
/// (<c>recurrence/rqa</c>) and its windowed time series (<c>recurrence/windowed</c>).
/// Options are those of <see cref="RecurrenceOptions"/>, in snake_case.
/// </summary>
public sealed class RecurrenceStageFactory : StageFactory<RecurrenceOptions>
{
    /// <summary>The stage name, also the folder of its tables.</summary>
    public const string StageName = "recurrence";

    /// <inheritdoc />
    public override string Name => StageName;

    /// <inheritdoc />
    protected override IAnalysisStage Build(RecurrenceOptions options) => new RecurrenceStage(options);
}
