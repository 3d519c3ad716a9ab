using Apache.Arrow;
using NetOrbit.Arrow;
using static NetOrbit.Arrow.TableFields;

namespace NetOrbit.Graph;

/// <summary>
/// The six tables of the <c>graph</c> stage, documented in <c>schemas/graph.*.md</c> (version 1,
/// <c>graph/strengths</c> version 2). Long layout: one row per (member, step) in
/// <c>graph/metrics</c>, per (member, step, layer) in <c>graph/layers</c>, per (member, step, neuron
/// layer) in <c>graph/strengths</c>, per (member, parameter) in <c>graph/weights</c>.
/// </summary>
internal static class GraphTables
{
    public const string Metrics = "graph/metrics";
    public const string Layers = "graph/layers";
    public const string Strengths = "graph/strengths";
    public const string Weights = "graph/weights";
    public const string Ablation = "graph/ablation";
    public const string Misclassified = "graph/misclassified";

    public static readonly TableDefinition MetricsTable = Create(
        Metrics,
        [
            Utf8("run_id"), Int32("member"), Int64("step"),
            Float64("l1_norm"), Float64("l2_norm"),
            Float64("l1_to_initial"), Float64("l2_to_initial"),
            Float64("l1_to_previous", nullable: true), Float64("l2_to_previous", nullable: true),
            Int32("sign_changes", nullable: true),
            Float64("output_frobenius"), Float64("output_spectral_norm"),
            Float64("spectral_radius"),
        ]);

    public static readonly TableDefinition LayersTable = Create(
        Layers,
        [
            Utf8("run_id"), Int32("member"), Int64("step"),
            Int32("layer"), Int32("fan_in"), Int32("fan_out"),
            Float64("frobenius"), Float64("spectral_norm"), Float64("stable_rank"),
            Float64List("singular_values", nullable: true),
            Float64("mean"), Float64("std"), Float64("skewness"), Float64("kurtosis"),
            Float64("out_strength_mean"), Float64("out_strength_std"), Float64("out_strength_gini"), Float64("out_strength_max"),
            Float64("in_strength_mean"), Float64("in_strength_std"), Float64("in_strength_gini"), Float64("in_strength_max"),
        ]);

    /// <summary>
    /// Version 2: one row per neuron layer (the per-neuron values as lists indexed by neuron), 2 to 3
    /// times fewer bytes than version 1's row per neuron, whose run id, member and step repeated on
    /// every neuron made it most of the stage's output.
    /// </summary>
    public static readonly TableDefinition StrengthsTable = Create(
        Strengths,
        2,
        [
            Utf8("run_id"), Int32("member"), Int64("step"),
            Int32("neuron_layer"), Int32("neurons"),
            Float64List("in_strength", nullable: true), Float64List("in_strength_signed", nullable: true),
            Float64List("out_strength", nullable: true), Float64List("out_strength_signed", nullable: true),
        ]);

    public static readonly TableDefinition WeightsTable = Create(
        Weights,
        [
            Utf8("run_id"), Int32("member"),
            Int32("parameter"), Utf8("name"), Boolean("is_weight"),
            Float64("initial"), Float64("final"),
            Float64("displacement"), Float64("path_length"), Float64("excursion"),
            Int32("path_points"),
        ]);

    public static readonly TableDefinition AblationTable = Create(
        Ablation,
        [
            Utf8("run_id"), Int32("member"),
            Int32("layer"), Int32("parameter"), Utf8("name"), Int32("source"), Int32("target"),
            Float64("weight"), Float64("baseline_loss"), Float64("ablated_loss"), Float64("ratio"),
        ]);

    public static readonly TableDefinition MisclassifiedTable = Create(
        Misclassified,
        [
            Utf8("run_id"), Int32("member"),
            Utf8("split"), Int32("row"), Int32("split_row"),
            Int32("label"), Int32("predicted"),
        ]);

    public static IReadOnlyList<TableDefinition> All { get; } =
        [MetricsTable, LayersTable, StrengthsTable, WeightsTable, AblationTable, MisclassifiedTable];

    private static TableDefinition Create(string name, Field[] fields) => Create(name, 1, fields);

    private static TableDefinition Create(string name, int version, Field[] fields) => TableDefinition.CreateVersioned(name, version, fields);
}
