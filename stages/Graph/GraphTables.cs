using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;

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
            Key("run_id"), Int("member"), Long("step"),
            Real("l1_norm"), Real("l2_norm"),
            Real("l1_to_initial"), Real("l2_to_initial"),
            Real("l1_to_previous", nullable: true), Real("l2_to_previous", nullable: true),
            Int("sign_changes", nullable: true),
            Real("output_frobenius"), Real("output_spectral_norm"),
            Real("spectral_radius"),
        ]);

    public static readonly TableDefinition LayersTable = Create(
        Layers,
        [
            Key("run_id"), Int("member"), Long("step"),
            Int("layer"), Int("fan_in"), Int("fan_out"),
            Real("frobenius"), Real("spectral_norm"), Real("stable_rank"),
            Reals("singular_values"),
            Real("mean"), Real("std"), Real("skewness"), Real("kurtosis"),
            Real("out_strength_mean"), Real("out_strength_std"), Real("out_strength_gini"), Real("out_strength_max"),
            Real("in_strength_mean"), Real("in_strength_std"), Real("in_strength_gini"), Real("in_strength_max"),
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
            Key("run_id"), Int("member"), Long("step"),
            Int("neuron_layer"), Int("neurons"),
            Reals("in_strength"), Reals("in_strength_signed"),
            Reals("out_strength"), Reals("out_strength_signed"),
        ]);

    public static readonly TableDefinition WeightsTable = Create(
        Weights,
        [
            Key("run_id"), Int("member"),
            Int("parameter"), Key("name"), new Field("is_weight", BooleanType.Default, nullable: false),
            Real("initial"), Real("final"),
            Real("displacement"), Real("path_length"), Real("excursion"),
            Int("path_points"),
        ]);

    public static readonly TableDefinition AblationTable = Create(
        Ablation,
        [
            Key("run_id"), Int("member"),
            Int("layer"), Int("parameter"), Key("name"), Int("source"), Int("target"),
            Real("weight"), Real("baseline_loss"), Real("ablated_loss"), Real("ratio"),
        ]);

    public static readonly TableDefinition MisclassifiedTable = Create(
        Misclassified,
        [
            Key("run_id"), Int("member"),
            Key("split"), Int("row"), Int("split_row"),
            Int("label"), Int("predicted"),
        ]);

    public static IReadOnlyList<TableDefinition> All { get; } =
        [MetricsTable, LayersTable, StrengthsTable, WeightsTable, AblationTable, MisclassifiedTable];

    private static TableDefinition Create(string name, Field[] fields) => Create(name, 1, fields);

    private static TableDefinition Create(string name, int version, Field[] fields) =>
        TableDefinition.Create(name, version, fields, new Dictionary<string, string> { [ArrowMetadata.VersionKey] = NetOrbitInfo.Version });

    private static Field Key(string name) => new(name, StringType.Default, nullable: false);

    private static Field Int(string name, bool nullable = false) => new(name, Int32Type.Default, nullable);

    private static Field Long(string name) => new(name, Int64Type.Default, nullable: false);

    private static Field Real(string name, bool nullable = false) => new(name, DoubleType.Default, nullable);

    private static Field Reals(string name) => new(name, new ListType(DoubleType.Default), nullable: true);
}
