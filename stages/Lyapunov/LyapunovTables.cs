using Apache.Arrow;
using NetOrbit.Arrow;
using static NetOrbit.Arrow.TableFields;

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
    public const string LossPlateaus = "lyapunov/loss_plateaus";

    public static TableDefinition DistancesTable { get; } = Define(Distances,
        Utf8("run_id"), Int32("member"), Int64("step"), Float64("distance"));

    public static TableDefinition ExponentsTable { get; } = Define(Exponents,
        Utf8("run_id"), Float64("eta"), Float64("epsilon"), Int32("members"), Float64("lambda"), Float64("r2"),
        Int32("window_start"), Int32("window_length"), Boolean("kept"), Int32("tau"), Float64("lambda_eq4"), Utf8("status"));

    public static TableDefinition SummaryTable { get; } = Define(Summary,
        Utf8("dataset"), Utf8("architecture"), Float64("eta"), Float64("epsilon"), Int32("runs"), Int32("kept"),
        Float64("nmle_mean"), Float64("nmle_std"), Float64("lambda_q05"), Float64("lambda_q25"), Float64("lambda_q50"),
        Float64("lambda_q75"), Float64("lambda_q95"));

    public static TableDefinition BenettinTable { get; } = Define(Benettin,
        Utf8("run_id"), Int64("step"), Float64("stretch"), Float64("lambda"));

    public static TableDefinition SpectrumTable { get; } = Define(Spectrum,
        Utf8("run_id"), Int64("step"), Int32("index"), Float64("exponent"), Float64("kaplan_yorke"));

    public static TableDefinition SharpnessTable { get; } = Define(Sharpness,
        Utf8("run_id"), Int64("step"), Float64("sharpness"), Float64("edge_ratio"), Float64("min_eigenvalue"), Int32("iterations"), Boolean("converged"));

    public static TableDefinition PostLearningTable { get; } = Define(PostLearning,
        Utf8("run_id"), Int32("member"), Int64("step"), Float64("distance"));

    public static TableDefinition LossKantzTable { get; } = Define(LossKantz,
        Utf8("run_id"), Float64("eta"), Int32("points"), Float64("lambda"), Float64("r2"), Int32("window_end"), Float64("p_value"),
        Boolean("significant"), Int32("references"), Int64("pairs"), Float64List("mean_divergence"), Utf8("status"));

    public static TableDefinition LossAcfTable { get; } = Define(LossAcf,
        Utf8("run_id"), Int32("lag"), Float64("acf"), Float64("null_p03"), Float64("null_p97"));

    public static TableDefinition LossPlateausTable { get; } = Define(LossPlateaus,
        Utf8("run_id"), Float64("eta"), Int32("points"), Int32("period"), Int32("plateaus"), Int32("plateau_steps"),
        Float64("plateau_fraction"), Int32("longest"), Float64("median_loss"));

    private static TableDefinition Define(string name, params Field[] fields) => TableDefinition.CreateVersioned(name, Version, fields);
}
