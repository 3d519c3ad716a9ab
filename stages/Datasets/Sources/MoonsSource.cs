using System.Text.Json.Nodes;
using NetOrbit.Config;

namespace NetOrbit.Datasets.Sources;

/// <summary>
/// Two interleaving half circles: class 0 at (cos t, sin t), class 1 at (1 - cos t, 1/2 - sin t),
/// t uniform on [0, pi), plus N(0, noise^2) per coordinate; row i belongs to class i mod 2.
/// </summary>
internal sealed class MoonsSource(int samples, double noise, int seed) : IDatasetSource
{
    public static MoonsSource Parse(JsonOptions o) =>
        new(GeneratorLimits.Samples(o, 200, 2), GeneratorLimits.Noise(o, 0.1), GeneratorLimits.Seed(o));

    public RawData Read()
    {
        var rng = new GeneratorRandom(seed);
        var x = new double[samples * 2];
        var y = new int[samples];
        for (var r = 0; r < samples; r++)
        {
            var k = r % 2;
            var t = rng.Uniform(0, Math.PI);
            var (px, py) = k == 0 ? (Math.Cos(t), Math.Sin(t)) : (1 - Math.Cos(t), 0.5 - Math.Sin(t));
            x[2 * r] = px + rng.Gaussian(noise);
            x[2 * r + 1] = py + rng.Gaussian(noise);
            y[r] = k;
        }

        return new RawData(GeneratorRandom.FeatureNames(2), GeneratorRandom.ClassNames(2), x, y);
    }

    public void Describe(JsonObject json)
    {
        json["samples"] = samples;
        json["noise"] = noise;
        json["seed"] = seed;
    }
}
