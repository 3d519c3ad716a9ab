using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Contracts;

namespace NetOrbit.Arrow;

/// <summary>
/// The <c>trajectories/1</c> table: one row per (member, step) snapshot. Columns: run_id, member
/// (0 = reference), step (0 = the initial network), loss, accuracy, weights
/// (fixed_size_list&lt;float64&gt;[P]), test_loss and test_accuracy (null where not evaluated).
/// </summary>
public static class TrajectoryTable
{
    /// <summary>Table name.</summary>
    public const string Name = "trajectories";

    /// <summary>Schema version.</summary>
    public const int Version = 1;

    /// <summary>Column indices.</summary>
    internal const int RunIdColumn = 0, MemberColumn = 1, StepColumn = 2, LossColumn = 3, AccuracyColumn = 4, WeightsColumn = 5, TestLossColumn = 6, TestAccuracyColumn = 7;

    /// <summary>The schema for networks of the given layout.</summary>
    public static Schema CreateSchema(ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return TableDefinition.Create(
            Name,
            Version,
            [
                new Field("run_id", StringType.Default, nullable: false),
                new Field("member", Int32Type.Default, nullable: false),
                new Field("step", Int64Type.Default, nullable: false),
                new Field("loss", DoubleType.Default, nullable: false),
                new Field("accuracy", DoubleType.Default, nullable: false),
                new Field("weights", WeightsType(layout.Count), nullable: false),
                new Field("test_loss", DoubleType.Default, nullable: true),
                new Field("test_accuracy", DoubleType.Default, nullable: true),
            ],
            new Dictionary<string, string>
            {
                [ArrowMetadata.ParamLayoutKey] = layout.ToJson(),
                [ArrowMetadata.VersionKey] = NetOrbitInfo.Version,
            }).Schema;
    }

    /// <summary>The type of a weights column with <paramref name="count"/> parameters.</summary>
    public static FixedSizeListType WeightsType(int count) =>
        new(new Field("item", DoubleType.Default, nullable: false), count);

    /// <summary>Wraps row-major values (rows x P; the first rows x P elements of <paramref name="values"/>) as a fixed_size_list&lt;float64&gt;[P] array without copying; the array must not be changed afterwards.</summary>
    public static FixedSizeListArray WrapWeights(double[] values, int rows, int count)
    {
        var data = new DoubleArray(ArrowColumns.Wrap(values, rows * count * sizeof(double)), ArrowBuffer.Empty, rows * count, 0, 0);
        return new FixedSizeListArray(WeightsType(count), rows, data, ArrowBuffer.Empty, 0, 0);
    }

    /// <summary>Builds a fixed_size_list&lt;float64&gt;[P] array from row-major values (rows x P).</summary>
    public static FixedSizeListArray BuildWeights(ReadOnlySpan<double> values, int count)
    {
        var rows = values.Length / count;
        var data = new DoubleArray.Builder().Reserve(values.Length).Append(values).Build();
        return new FixedSizeListArray(WeightsType(count), rows, data, ArrowBuffer.Empty, 0, 0);
    }
}
