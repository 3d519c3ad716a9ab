using NetOrbit.Arrow;
using NetOrbit.Stages;

namespace NetOrbit.Regimes;

/// <summary>The stage's tables: <c>regimes/features/1</c> (one row per run, the reference), <c>regimes/labels/1</c> (one row per run with perturbed copies) and <c>regimes/predictions/1</c> (one row per run classified by the model, else empty) and <c>regimes/timeline/1</c> (one row per window of a long enough run classified by the model).</summary>
internal static class RegimesTables
{
    internal static readonly TableDefinition FeaturesTable = TableDefinition.CreateVersioned(
        RegimesStageFactory.StageName + "/features",
        2,
        [
            TableFields.Utf8("run_id"),
            TableFields.Float64("eta"),
            TableFields.Int32("step_interval"),
            TableFields.Int32("snapshots"),
            .. TrajectoryFeatures.Columns.Select(c => TableFields.Float64(c.Name)),
            TableFields.Boolean("non_finite"),
        ]);

    internal static readonly TableDefinition LabelsTable = TableDefinition.CreateVersioned(
        RegimesStageFactory.StageName + "/labels",
        1,
        [
            TableFields.Utf8("run_id"),
            TableFields.Float64("eta"),
            TableFields.Float64("lambda"),
            TableFields.Float64("r2"),
            TableFields.Boolean("kept"),
            TableFields.Float64("final_loss_ratio"),
            TableFields.Float64("final_accuracy"),
            TableFields.Float64("chance"),
            TableFields.Utf8("regime"),
            TableFields.Utf8("reason"),
        ]);

    internal static readonly TableDefinition PredictionsTable = TableDefinition.CreateVersioned(
        RegimesStageFactory.StageName + "/predictions",
        1,
        [
            TableFields.Utf8("run_id"),
            TableFields.Int32("member"),
            TableFields.Utf8("regime"),
            TableFields.Float64("p_regular"),
            TableFields.Float64("p_edge_of_stability"),
            TableFields.Float64("p_chaotic"),
            TableFields.Float64("p_divergent"),
        ]);

    internal static readonly TableDefinition TimelineTable = TableDefinition.CreateVersioned(
        RegimesStageFactory.StageName + "/timeline",
        1,
        [
            TableFields.Utf8("run_id"),
            TableFields.Int32("member"),
            TableFields.Int64("step_start"),
            TableFields.Int64("step_end"),
            TableFields.Utf8("regime"),
            TableFields.Float64("p_regular"),
            TableFields.Float64("p_edge_of_stability"),
            TableFields.Float64("p_chaotic"),
            TableFields.Float64("p_divergent"),
        ]);

    /// <summary>Appends the features row of one run.</summary>
    internal static void AppendFeatures(IStageOutput output, string runId, double eta, int every, TrajectoryFeatures f, bool nonFinite)
    {
        var rows = FeaturesTable.Rows(1, runId);
        rows.Real(eta).Int(every).Int(f.Snapshots);
        foreach (var (_, value) in TrajectoryFeatures.Columns)
        {
            rows.Real(value(f));
        }

        rows.Bool(nonFinite).EndRow();
        rows.AppendTo(output);
    }
}
