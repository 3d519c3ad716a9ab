using System.Numerics;
using System.Text.Json.Nodes;
using NetOrbit.Config;

namespace NetOrbit.Datasets.Sources;

/// <summary>
/// The XOR (parity) problem: row i lies in orthant i mod 2^features of [-1, 1]^features, each
/// coordinate's magnitude uniform on [0, 1), plus N(0, noise^2) per coordinate; its class is the
/// parity of its positive coordinates (for 2 features: class 1 where x0 and x1 differ in sign).
/// </summary>
internal sealed class XorSource(int samples, int features, double noise, int seed) : IDatasetSource
{
    public static XorSource Parse(JsonOptions o) =>
        new(GeneratorLimits.Samples(o, 200, 2), o.Int("features", 2, 2, 16), GeneratorLimits.Noise(o, 0.1), GeneratorLimits.Seed(o));

    public RawData Read()
    {
        var rng = new GeneratorRandom(seed);
        var orthants = 1 << features;
        var x = new double[samples * features];
        var y = new int[samples];
        for (var r = 0; r < samples; r++)
        {
            var orthant = r % orthants;
            for (var f = 0; f < features; f++)
            {
                var positive = ((orthant >> f) & 1) == 1;
                var magnitude = rng.Uniform(0, 1);
                x[r * features + f] = (positive ? magnitude : -magnitude) + rng.Gaussian(noise);
            }

            // Parity of the positive coordinates; for two features, class 0 on (+,+) and (-,-).
            y[r] = (BitOperations.PopCount((uint)orthant) & 1);
        }

        return new RawData(GeneratorRandom.FeatureNames(features), GeneratorRandom.ClassNames(2), x, y);
    }

    public void Describe(JsonObject json)
    {
        json["samples"] = samples;
        json["features"] = features;
        json["noise"] = noise;
        json["seed"] = seed;
    }
}
