using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;

namespace NetOrbit.Lyapunov;

/// <summary>The tables of the <c>lyapunov</c> stage (documented in schemas/lyapunov.*.md).</summary>
internal static class LyapunovTables
{
    public const int Version = 1;
    public const string Distances = "lyapunov/distances";
    public const string Exponents = "lyapunov/exponents";
    public const string Summary = "lyapunov/summary";
    public const string Benettin = "lyapunov/benettin";
    public const string Spectrum = "lyapunov/spectrum";
    public const string Sharpness = "lyapunov/sharpness";
    public const string PostLearning = "lyapunov/post_learning";
    public const string LossKantz = "lyapunov/loss_kantz";
    public const string LossAcf = "lyapunov/loss_acf";

    public static TableDefinition DistancesTable { get; } = Define(Distances,
        Utf8("run_id"), Int32("member"), Int64("step"), Float64("distance"));

    public static TableDefinition ExponentsTable { get; } = Define(Exponents,
        Utf8("run_id"), Float64("eta"), Float64("epsilon"), Int32("members"), Float64("lambda"), Float64("r2"),
        Int32("window_start"), Int32("window_length"), Bool("kept"), Int32("tau"), Float64("lambda_eq4"), Utf8("status"));

    public static TableDefinition SummaryTable { get; } = Define(Summary,
        Utf8("dataset"), Utf8("architecture"), Float64("eta"), Float64("epsilon"), Int32("runs"), Int32("kept"),
        Float64("nmle_mean"), Float64("nmle_std"), Float64("lambda_q05"), Float64("lambda_q25"), Float64("lambda_q50"),
        Float64("lambda_q75"), Float64("lambda_q95"));

    public static TableDefinition BenettinTable { get; } = Define(Benettin,
        Utf8("run_id"), Int64("step"), Float64("stretch"), Float64("lambda"));

    public static TableDefinition SpectrumTable { get; } = Define(Spectrum,
        Utf8("run_id"), Int64("step"), Int32("index"), Float64("exponent"), Float64("kaplan_yorke"));

    public static TableDefinition SharpnessTable { get; } = Define(Sharpness,
        Utf8("run_id"), Int64("step"), Float64("sharpness"), Float64("edge_ratio"), Float64("min_eigenvalue"), Int32("iterations"), Bool("converged"));

    public static TableDefinition PostLearningTable { get; } = Define(PostLearning,
        Utf8("run_id"), Int32("member"), Int64("step"), Float64("distance"));

    public static TableDefinition LossKantzTable { get; } = Define(LossKantz,
        Utf8("run_id"), Float64("eta"), Int32("points"), Float64("lambda"), Float64("r2"), Int32("window_end"), Float64("p_value"),
        Bool("significant"), Int32("references"), Int64("pairs"), ListOfFloat64("mean_divergence"), Utf8("status"));

    public static TableDefinition LossAcfTable { get; } = Define(LossAcf,
        Utf8("run_id"), Int32("lag"), Float64("acf"), Float64("null_p03"), Float64("null_p97"));

    public static RecordBatch Build(TableDefinition table, int length, params IArrowArray[] columns) =>
        new(table.Schema, columns, length);

    /// <summary>A utf8 column holding <paramref name="value"/> <paramref name="count"/> times (encoded once).</summary>
    public static StringArray RepeatString(string value, int count) => ArrowColumns.RepeatedUtf8(value, count);

    public static DoubleArray Doubles(List<double> values) => ArrowColumns.Float64(CollectionsMarshal.AsSpan(values));

    public static Int32Array Ints(List<int> values) => ArrowColumns.Int32(CollectionsMarshal.AsSpan(values));

    public static Int64Array Longs(List<long> values) => ArrowColumns.Int64(CollectionsMarshal.AsSpan(values));

    public static BooleanArray Bools(List<bool> values)
    {
        var b = new BooleanArray.Builder();
        foreach (var v in values)
        {
            b.Append(v);
        }

        return b.Build();
    }

    private static TableDefinition Define(string name, params Field[] fields) =>
        TableDefinition.Create(name, Version, fields, new Dictionary<string, string> { [ArrowMetadata.VersionKey] = NetOrbitInfo.Version });

    private static Field Utf8(string name) => new(name, StringType.Default, nullable: false);

    private static Field Int32(string name) => new(name, Int32Type.Default, nullable: false);

    private static Field Int64(string name) => new(name, Int64Type.Default, nullable: false);

    private static Field Float64(string name) => new(name, DoubleType.Default, nullable: false);

    private static Field ListOfFloat64(string name) => new(name, new ListType(DoubleType.Default), nullable: false);

    public static ListArray DoubleLists(IEnumerable<double[]> rows)
    {
        var b = new ListArray.Builder(DoubleType.Default);
        var values = (DoubleArray.Builder)b.ValueBuilder;
        foreach (var row in rows)
        {
            b.Append();
            values.AppendRange(row);
        }

        return b.Build();
    }

    private static Field Bool(string name) => new(name, BooleanType.Default, nullable: false);
}
