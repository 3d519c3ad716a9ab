using System.Text.Json;
using Apache.Arrow;
using NetOrbit.Arrow;

namespace NetOrbit.Recurrence;

/// <summary>
/// The stage's tables, <c>recurrence/rqa/1</c> (one row per analysed member: the whole trajectory)
/// and <c>recurrence/windowed/1</c> (one row per member and window), with the same columns.
/// </summary>
internal static class RecurrenceTables
{
    internal const string RqaName = "recurrence/rqa";
    internal const string WindowedName = "recurrence/windowed";
    internal const int Version = 1;

    /// <summary>Measure columns, in <see cref="RqaResult.Measures"/> order, lower-cased.</summary>
    internal static readonly string[] MeasureColumns =
        ["rr", "det", "l", "lmax", "div", "entr", "trend", "lam", "tt", "vmax", "ventr", "mrt", "rte", "nmprt"];

    internal static TableDefinition Definition(string name, RecurrenceOptions options)
    {
        var fields = new List<Field>
        {
            TableFields.Utf8("run_id"),
            TableFields.Int32("member"),
            TableFields.Int64("window_start"),
            TableFields.Int32("window_length"),
            TableFields.Int32("step_interval"),
            TableFields.Utf8("status"),
            TableFields.Float64("threshold"),
            TableFields.Int64("recurrence_count"),
        };
        fields.AddRange(MeasureColumns.Select(c => TableFields.Float64(c)));
        return TableDefinition.CreateVersioned(name, Version, fields, new Dictionary<string, string>
        {
            ["netorbit.recurrence.options"] = OptionsJson(options),
        });
    }

    private static string OptionsJson(RecurrenceOptions o) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["every"] = o.Every,
        ["members"] = o.AllMembers ? "all" : "reference",
        ["metric"] = DistanceMetricNames.Name(o.Rqa.Metric),
        ["threshold_kind"] = o.Rqa.Threshold.Kind.ToString(),
        ["threshold_value"] = o.Rqa.Threshold.Value,
        ["theiler"] = o.Rqa.TheilerWindow,
        ["lmin"] = o.Rqa.MinDiagonalLine,
        ["vmin"] = o.Rqa.MinVerticalLine,
        ["trend_border"] = o.Rqa.TrendBorder,
        ["window"] = o.Window,
        ["step"] = o.Step,
    });

    /// <summary>Appends one row (a member's whole trajectory or one window; no result: NaN measures, count 0).</summary>
    internal static void AddRow(RowBatchBuilder rows, int member, long windowStart, int windowLength, int stepInterval, string status, RqaResult? result)
    {
        rows.Int(member).Long(windowStart).Int(windowLength).Int(stepInterval).Text(status)
            .Real(result?.Epsilon ?? double.NaN).Long(result?.RecurrenceCount ?? 0);
        for (var k = 0; k < MeasureColumns.Length; k++)
        {
            rows.Real(result is null ? double.NaN : result.Measures[k].Value);
        }

        rows.EndRow();
    }
}
