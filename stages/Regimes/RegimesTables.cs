using NetOrbit.Arrow;

namespace NetOrbit.Regimes;

/// <summary>The stage's tables: <c>regimes/features/1</c> (one row per run, the reference), <c>regimes/labels/1</c> (one row per run with perturbed copies) and <c>regimes/predictions/1</c> (one row per run with the <c>model</c> option, else empty).</summary>
internal static class RegimesTables
{
    internal static readonly TableDefinition FeaturesTable = TableDefinition.CreateVersioned(
        RegimesStageFactory.StageName + "/features",
        1,
        [
            TableFields.Utf8("run_id"),
            TableFields.Float64("eta"),
            TableFields.Int32("step_interval"),
            TableFields.Int32("snapshots"),
            TableFields.Float64("loss_initial"),
            TableFields.Float64("loss_final"),
            TableFields.Float64("loss_ratio"),
            TableFields.Float64("loss_min"),
            TableFields.Float64("loss_monotone_fraction"),
            TableFields.Float64("loss_oscillation"),
            TableFields.Float64("loss_log_slope"),
            TableFields.Float64("loss_high_frequency"),
            TableFields.Float64("accuracy_final"),
            TableFields.Float64("step_mean"),
            TableFields.Float64("step_max"),
            TableFields.Float64("step_cv"),
            TableFields.Float64("norm_initial"),
            TableFields.Float64("norm_final"),
            TableFields.Float64("norm_max"),
            TableFields.Float64("norm_growth"),
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
}
