using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetOrbit.Arrow;
using static NetOrbit.Arrow.TableFields;

namespace NetOrbit.Report.LrScan;

/// <summary>
/// <c>lr_scan.arrow</c> (schema <c>lr_scan/1</c>, schemas/lr_scan.md): one row per (dataset,
/// architecture, eta) of a learning-rate scan with its verdict; and <c>lr_scan.json</c>, the
/// recommendation and the time-to-accuracy answer per dataset and architecture. Both at the top of
/// the run directory, written under a temporary name and renamed.
/// </summary>
public static class LrScanTable
{
    /// <summary>Table name (file <c>lr_scan.arrow</c> at the top of the run directory).</summary>
    public const string Name = "lr_scan";

    /// <summary>The recommendation's file name at the top of the run directory.</summary>
    public const string JsonFile = "lr_scan.json";

    /// <summary>Metadata key holding the target test accuracy.</summary>
    public const string TargetKey = "netorbit.lr_scan.target";

    /// <summary>The table's definition for target accuracy <paramref name="target"/> (stored in the metadata).</summary>
    public static TableDefinition Definition(double target) => TableDefinition.CreateVersioned(Name, 1,
        [
            Utf8("dataset"), Utf8("architecture"), Float64("eta"),
            Int32("initial_conditions"), Int32("runs"), Int32("diverged"), Int32("reached"),
            Float64("time_to_target"), Float64("final_test_accuracy"),
            Float64("exponent"), Float64("kept_fraction"), Float64("sharpness"), Float64("edge_ratio"),
            Int32("regular"), Int32("edge_of_stability"), Int32("chaotic"), Int32("divergent"), Utf8("regime"),
            Boolean("learns"), Boolean("exponent_positive"), Boolean("unstable"),
            Boolean("recommended"), Boolean("rejected"), Utf8("verdict"), Utf8("reason"),
        ],
        new Dictionary<string, string> { [TargetKey] = target.ToString("R", CultureInfo.InvariantCulture) });

    /// <summary>Writes <c>lr_scan.arrow</c> and <c>lr_scan.json</c> into <paramref name="runDirectory"/>; returns the table's path.</summary>
    public static async Task<string> WriteAsync(string runDirectory, LrScanResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        ArgumentNullException.ThrowIfNull(result);
        var definition = Definition(result.Target);
        var rows = definition.Rows();
        foreach (var (r, v) in result.Rows)
        {
            rows.Text(r.Dataset).Text(r.Architecture).Real(r.Eta)
                .Int(r.InitialConditions).Int(r.Runs).Int(r.Diverged).Int(r.Reached)
                .Real(r.TimeToTargetMedian).Real(r.FinalTestAccuracyMedian)
                .Real(r.ExponentMedian).Real(r.KeptFraction).Real(r.SharpnessMedian).Real(r.EdgeRatioMedian)
                .Int(r.Regular).Int(r.EdgeOfStability).Int(r.Chaotic).Int(r.Divergent).Text(r.Regime)
                .Bool(r.Learns).Bool(r.ExponentPositive).Bool(r.IsChaotic)
                .Bool(v.Recommended).Bool(v.Rejected).Text(v.Label).Text(v.Reason);
            rows.EndRow();
        }

        var path = Path.Combine(runDirectory, Name + ".arrow");
        await ArrowTableFile.WriteAsync(path, definition.Schema, [rows.Build()], cancellationToken: cancellationToken).ConfigureAwait(false);
        var json = Path.Combine(runDirectory, JsonFile);
        await File.WriteAllTextAsync(json + ".tmp", ToJson(result), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(json + ".tmp", json, overwrite: true);
        return path;
    }

    /// <summary>The recommendation and the answer per dataset and architecture as indented JSON (what <c>lr_scan.json</c> holds).</summary>
    public static string ToJson(LrScanResult result, JsonObject? extra = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var root = new JsonObject { ["target"] = result.Target };
        if (extra is not null)
        {
            foreach (var (key, value) in extra.ToArray())
            {
                extra.Remove(key);
                root[key] = value;
            }
        }

        root["groups"] = new JsonArray([.. result.Groups.Select(g => (JsonNode)new JsonObject
        {
            ["dataset"] = g.Dataset,
            ["architecture"] = g.Architecture,
            ["recommended_eta"] = g.Recommendation.Eta,
            ["onset_eta"] = g.Recommendation.OnsetEta,
            ["recommendation"] = g.Recommendation.Summary,
            ["fastest_eta"] = g.Answer.FastestEta,
            ["fastest_median_steps"] = double.IsFinite(g.Answer.FastestTime) ? g.Answer.FastestTime : null,
            ["exponent_positive_eta"] = g.Answer.OnsetEta,
            ["shortest_where_exponent_turns_positive"] = g.Answer.Answer,
            ["answer"] = g.Answer.Sentence,
            ["etas"] = new JsonArray([.. g.Rows.Zip(g.Recommendation.Verdicts).Select(p => (JsonNode)new JsonObject
            {
                ["eta"] = p.First.Eta,
                ["learns"] = p.First.Learns,
                ["time_to_target"] = double.IsFinite(p.First.TimeToTargetMedian) ? p.First.TimeToTargetMedian : null,
                ["reached"] = p.First.Reached,
                ["initial_conditions"] = p.First.InitialConditions,
                ["exponent"] = Finite(p.First.ExponentMedian),
                ["kept_fraction"] = Finite(p.First.KeptFraction),
                ["edge_ratio"] = Finite(p.First.EdgeRatioMedian),
                ["regime"] = p.First.Regime,
                ["recommended"] = p.Second.Recommended,
                ["rejected"] = p.Second.Rejected,
                ["verdict"] = p.Second.Label,
                ["reason"] = p.Second.Reason,
            })]),
        })]);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
