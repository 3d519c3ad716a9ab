using System.Text.Json;
using NetOrbit.Config;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// Registers the <c>lyapunov</c> stage and builds it from its JSON options (see <see cref="LyapunovOptions"/>
/// and stages/Lyapunov/README.md); every problem is reported with its JSON path.
/// </summary>
public sealed class LyapunovStageFactory : IStageFactory
{
    /// <summary>The stage name and table prefix.</summary>
    public const string StageName = "lyapunov";

    /// <inheritdoc />
    public string Name => StageName;

    /// <inheritdoc />
    public IAnalysisStage? Create(JsonElement options, string path, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var parsed = Parse(options, path, errors);
        return parsed is null ? null : new LyapunovStage(parsed);
    }

    /// <summary>Builds the stage from already validated options.</summary>
    public static IAnalysisStage Create(LyapunovOptions options) => new LyapunovStage(options);

    /// <summary>Parses and validates the options object at <paramref name="path"/>; null when any problem was reported.</summary>
    public static LyapunovOptions? Parse(JsonElement options, string path, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Errors.Count;
        var o = new JsonOptions(options, path, errors);
        var d = new LyapunovOptions();
        var norm = o.Choice("norm", "l1", "l1", "l2") == "l2" ? DistanceNorm.L2 : DistanceNorm.L1;
        var recordEvery = o.Int("record_every", d.RecordEvery, 1);
        var tau = o.Int("tau", d.Tau, 1);

        var w = o.Object("window");
        var dw = WindowFitOptions.Paper;
        var window = new WindowFitOptions
        {
            StartMin = w.Int("start_min", dw.StartMin, 0),
            StartMax = w.Int("start_max", dw.StartMax, 0),
            StartStep = w.Int("start_step", dw.StartStep, 1),
            LengthMin = w.Int("length_min", dw.LengthMin, 3),
            LengthMax = w.Int("length_max", dw.LengthMax, 3),
            LengthStep = w.Int("length_step", dw.LengthStep, 1),
            MinR2 = w.Double("min_r2", dw.MinR2, 0, 1),
            MinLambda = w.Double("min_lambda", dw.MinLambda),
        };
        w.RejectUnknown();

        var b = o.Object("benettin");
        var db = d.Benettin;
        var benettin = new BenettinOptions
        {
            Enabled = b.Bool("enabled", db.Enabled),
            D0 = b.Double("d0", db.D0, 0, double.PositiveInfinity, minExclusive: true),
            RenormalizeEvery = b.Int("renormalize_every", db.RenormalizeEvery, 1, 10_000),
            Seed = b.Long("seed", db.Seed),
        };
        b.RejectUnknown();

        var s = o.Object("spectrum");
        var dsp = d.Spectrum;
        var spectrum = new SpectrumOptions
        {
            Enabled = s.Bool("enabled", dsp.Enabled),
            Exponents = s.Int("exponents", dsp.Exponents, 1),
            QrEvery = s.Int("qr_every", dsp.QrEvery, 1),
            RecordEvery = s.Int("record_every", dsp.RecordEvery, 1),
            Seed = s.Long("seed", dsp.Seed),
        };
        s.RejectUnknown();

        var h = o.Object("sharpness");
        var dh = d.Sharpness;
        var sharpness = new SharpnessOptions
        {
            Enabled = h.Bool("enabled", dh.Enabled),
            Every = h.Int("every", dh.Every, 1),
            Iterations = h.Int("iterations", dh.Iterations, 1, 10_000),
            Tolerance = h.Double("tolerance", dh.Tolerance, 0, 1, minExclusive: true),
            Seed = h.Long("seed", dh.Seed),
        };
        h.RejectUnknown();

        var p = o.Object("post_learning");
        var dp = d.PostLearning;
        var post = new PostLearningOptions
        {
            Enabled = p.Bool("enabled", dp.Enabled),
            StartStep = p.Int("start_step", dp.StartStep, -1),
            Steps = p.Int("steps", dp.Steps, 1),
            Members = p.Int("members", dp.Members, 1),
            Epsilon = p.Double("epsilon", dp.Epsilon, 0, double.PositiveInfinity, minExclusive: true),
            RecordEvery = p.Int("record_every", dp.RecordEvery, 1),
            Seed = p.Long("seed", dp.Seed),
        };
        p.RejectUnknown();

        var l = o.Object("loss");
        var dl = d.Loss;
        var loss = new LossAnalysisOptions
        {
            Enabled = l.Bool("enabled", dl.Enabled),
            Tolerance = l.Double("tolerance", dl.Tolerance, 0, double.PositiveInfinity, minExclusive: true),
            References = l.Int("references", dl.References, 1),
            MaxLag = l.Int("max_lag", dl.MaxLag, 1),
            Shuffles = l.Int("shuffles", dl.Shuffles, 1),
            Seed = l.Long("seed", dl.Seed),
        };
        l.RejectUnknown();
        o.RejectUnknown();

        var result = new LyapunovOptions
        {
            Norm = norm,
            RecordEvery = recordEvery,
            Tau = tau,
            Window = window,
            Benettin = benettin,
            Spectrum = spectrum,
            Sharpness = sharpness,
            PostLearning = post,
            Loss = loss,
        };
        if (errors.Errors.Count == before)
        {
            // Cross-field rules (single-field ranges were reported above).
            foreach (var (key, message) in result.Problems())
            {
                errors.Add($"{path}.{key}", message);
            }
        }

        return errors.Errors.Count == before ? result : null;
    }
}
