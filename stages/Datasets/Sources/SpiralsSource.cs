using System.Text.Json.Nodes;
using NetOrbit.Config;

namespace NetOrbit.Datasets.Sources;

/// <summary>
/// Interleaved spiral arms: row i belongs to arm k = i mod classes and lies at radius t, angle
/// 2 pi (turns t + k / classes), with t uniform on [0, 1), plus N(0, noise^2) per coordinate.
/// </summary>
internal sealed class SpiralsSource(int samples, int classes, double noise, double turns, int seed) : IDatasetSource
{
    public static SpiralsSource Parse(JsonOptions o)
    {
        var samples = GeneratorLimits.Samples(o, 300, 2);
        var classes = o.Int("classes", 2, 2, 20);
        var noise = GeneratorLimits.Noise(o, 0.05);
        var turns = o.Double("turns", 1.0, 0, 10, minExclusive: true);
        if (samples < classes)
        {
            o.Errors.Add(o.PathOf("samples"), $"{samples} samples cannot fill {classes} arms: allowed samples >= classes");
        }

        return new SpiralsSource(samples, classes, noise, turns, GeneratorLimits.Seed(o));
    }

    public RawData Read()
    {
        var rng = new GeneratorRandom(seed);
        var x = new double[samples * 2];
        var y = new int[samples];
        for (var r = 0; r < samples; r++)
        {
            var k = r % classes;
            var t = rng.Uniform(0, 1);
            var angle = 2 * Math.PI * (turns * t + (double)k / classes);
            x[2 * r] = t * Math.Cos(angle) + rng.Gaussian(noise);
            x[2 * r + 1] = t * Math.Sin(angle) + rng.Gaussian(noise);
            y[r] = k;
        }

        return new RawData(GeneratorRandom.FeatureNames(2), GeneratorRandom.ClassNames(classes), x, y);
    }

    public void Describe(JsonObject json)
    {
        json["samples"] = samples;
        json["classes"] = classes;
        json["noise"] = noise;
        json["turns"] = turns;
        json["seed"] = seed;
    }
}
