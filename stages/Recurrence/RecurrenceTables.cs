using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
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

    internal static TableDefinition Definition(string name, RecurrenceStageOptions options)
    {
        var fields = new List<Field>
        {
            new("run_id", StringType.Default, false),
            new("member", Int32Type.Default, false),
            new("window_start", Int64Type.Default, false),
            new("window_length", Int32Type.Default, false),
            new("step_interval", Int32Type.Default, false),
            new("status", StringType.Default, false),
            new("threshold", DoubleType.Default, false),
            new("recurrence_count", Int64Type.Default, false),
        };
        fields.AddRange(MeasureColumns.Select(c => new Field(c, DoubleType.Default, false)));
        return TableDefinition.Create(name, Version, fields, new Dictionary<string, string>
        {
            ["netorbit.recurrence.options"] = OptionsJson(options),
            [ArrowMetadata.VersionKey] = NetOrbitInfo.Version,
        });
    }

    private static string OptionsJson(RecurrenceStageOptions o) => JsonSerializer.Serialize(new Dictionary<string, object>
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

    /// <summary>One table row before it is put into a batch.</summary>
    internal readonly record struct Row(int Member, long WindowStart, int WindowLength, string Status, RqaResult? Result);

    internal static RecordBatch Build(Schema schema, string runId, int stepInterval, IReadOnlyList<Row> rows)
    {
        var runIds = new StringArray.Builder();
        var members = new Int32Array.Builder();
        var starts = new Int64Array.Builder();
        var lengths = new Int32Array.Builder();
        var intervals = new Int32Array.Builder();
        var statuses = new StringArray.Builder();
        var thresholds = new DoubleArray.Builder();
        var counts = new Int64Array.Builder();
        var measures = MeasureColumns.Select(_ => new DoubleArray.Builder()).ToArray();
        foreach (var row in rows)
        {
            runIds.Append(runId);
            members.Append(row.Member);
            starts.Append(row.WindowStart);
            lengths.Append(row.WindowLength);
            intervals.Append(stepInterval);
            statuses.Append(row.Status);
            thresholds.Append(row.Result?.Epsilon ?? double.NaN);
            counts.Append(row.Result?.RecurrenceCount ?? 0);
            for (int k = 0; k < measures.Length; k++)
            {
                measures[k].Append(row.Result is null ? double.NaN : row.Result.Measures[k].Value);
            }
        }

        var arrays = new List<IArrowArray>
        {
            runIds.Build(), members.Build(), starts.Build(), lengths.Build(), intervals.Build(), statuses.Build(), thresholds.Build(), counts.Build(),
        };
        arrays.AddRange(measures.Select(b => b.Build()));
        return new RecordBatch(schema, arrays, rows.Count);
    }
}
