using System.Text.Json;
using NetOrbit.Config;
using NetOrbit.Stages;

namespace NetOrbit.Recurrence;

/// <summary>
/// Registers the <c>recurrence</c> stage: RQA of each member's weight trajectory
/// (<c>recurrence/rqa</c>) and its windowed time series (<c>recurrence/windowed</c>).
/// Options are those of <see cref="RecurrenceStageOptions"/>, in snake_case.
/// </summary>
public sealed class RecurrenceStageFactory : IStageFactory
{
    /// <summary>The stage name, also the folder of its tables.</summary>
    public const string StageName = "recurrence";

    /// <inheritdoc />
    public string Name => StageName;

    /// <inheritdoc />
    public IAnalysisStage? Create(JsonElement options, string path, ConfigErrors errors)
    {
        var options1 = Parse(options, path, errors);
        return options1 is null ? null : new RecurrenceStage(options1);
    }

    /// <summary>Reads and validates the options, reporting every problem with its JSON path; null when there is any.</summary>
    public static RecurrenceStageOptions? Parse(JsonElement options, string path, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var o = new JsonOptions(options, path, errors);
        var defaults = new RecurrenceStageOptions();
        int every = o.Int("every", defaults.Every, 1);
        string members = o.Choice("members", "reference", "reference", "all");
        string metricName = o.Choice("metric", "manhattan", "manhattan", "euclidean", "max");
        DistanceMetricNames.TryParse(metricName, out var metric);
        var keys = new[] { "threshold", "recurrence_rate", "threshold_max", "threshold_std" }.Where(o.Has).ToList();
        if (keys.Count > 1)
        {
            errors.Add(o.PathOf(keys[1]), $"give only one of threshold, recurrence_rate, threshold_max, threshold_std (found {string.Join(", ", keys)})");
        }

        var threshold = keys.FirstOrDefault() switch
        {
            "threshold" => RecurrenceThreshold.Fixed(o.Double("threshold", 0, 0)),
            "threshold_max" => RecurrenceThreshold.FractionOfMaximum(o.Double("threshold_max", 0.1, 0, minExclusive: true)),
            "threshold_std" => RecurrenceThreshold.FractionOfStandardDeviation(o.Double("threshold_std", 0.1, 0, minExclusive: true)),
            "recurrence_rate" => RecurrenceThreshold.RecurrenceRate(o.Double("recurrence_rate", 0.05, 0, 1, minExclusive: true)),
            _ => defaults.Rqa.Threshold,
        };
        if (threshold.Kind == ThresholdKind.RecurrenceRate && !(threshold.Value < 1))
        {
            errors.Add(o.PathOf("recurrence_rate"), "must be < 1");
        }

        int theiler = o.Int("theiler", defaults.Rqa.TheilerWindow, 0);
        int lmin = o.Int("lmin", defaults.Rqa.MinDiagonalLine, 1);
        int vmin = o.Int("vmin", defaults.Rqa.MinVerticalLine, 1);
        int border = o.Int("trend_border", defaults.Rqa.TrendBorder, 0);
        int window = o.Int("window", defaults.Window, 2);
        int step = o.Int("step", defaults.Step, 1);
        if (window <= theiler)
        {
            errors.Add(o.PathOf("window"), $"must be larger than theiler ({theiler})");
        }

        o.RejectUnknown();
        if (!errors.IsEmpty)
        {
            return null;
        }

        return new RecurrenceStageOptions
        {
            Every = every,
            AllMembers = members == "all",
            Rqa = new RqaOptions
            {
                Metric = metric,
                Threshold = threshold,
                TheilerWindow = theiler,
                MinDiagonalLine = lmin,
                MinVerticalLine = vmin,
                TrendBorder = border,
            },
            Window = window,
            Step = step,
        };
    }
}
