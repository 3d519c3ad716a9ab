using System.Buffers.Binary;
using System.Globalization;
using CsCheck;
using NetOrbit.Arrow;
using NetOrbit.Config;
using NetOrbit.Datasets.Reading;
using NetOrbit.Pipeline;
using NetOrbit.Tests.Support;
using NetOrbit.TimeSeries;

namespace NetOrbit.Tests.Faults;

/// <summary>
/// Property-based tests (CsCheck) of the readers: what they accept they read exactly, and whatever
/// bytes they are given they either read or reject with the one exception type the command line
/// turns into exit code 2 (never an index, null-reference or overflow exception); and the shard
/// partition covers every grid exactly once.
/// </summary>
public sealed class ReaderPropertyTests
{
    private const long Iterations = 200;

    [Fact]
    public void SeriesCsv_AnyFiniteColumns_ReadBackBitForBit()
    {
        using var tmp = new TempDir();
        var gen = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 60]).SelectMany((cols, rows) =>
            Gen.Double[-1e12, 1e12].Array[cols * rows].Select(v => (cols, rows, v)));
        var n = 0;
        gen.Sample(
            t =>
            {
                var (cols, rows, values) = t;
                var path = tmp.File($"s{n++}.csv");
                var lines = new List<string> { string.Join(",", Enumerable.Range(0, cols).Select(c => $"c{c}")) };
                for (var r = 0; r < rows; r++)
                {
                    lines.Add(string.Join(",", Enumerable.Range(0, cols).Select(c => values[r * cols + c].ToString("R", CultureInfo.InvariantCulture))));
                }

                File.WriteAllLines(path, lines);
                var col = cols - 1;
                var series = SeriesFile.Read(path, new SeriesSelection { Column = $"c{col}" });
                Assert.Equal(Enumerable.Range(0, rows).Select(r => BitConverter.DoubleToInt64Bits(values[r * cols + col])), series.Values.Select(BitConverter.DoubleToInt64Bits));
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void SeriesCsv_AnyText_ReadOrInputFileException()
    {
        using var tmp = new TempDir();
        var text = Gen.String[Gen.Char["0123456789.,-+eE \n\r\tnaNIf\"x"], 0, 200];
        var n = 0;
        text.Sample(
            s =>
            {
                var path = tmp.File($"t{n++}.csv");
                File.WriteAllText(path, s);
                try
                {
                    var series = SeriesFile.Read(path, new SeriesSelection());
                    Assert.All(series.Values, v => Assert.True(double.IsFinite(v)));
                }
                catch (InputFileException e)
                {
                    Assert.DoesNotContain('\n', e.Message);
                    Assert.Contains(path, e.Message);
                }
            },
            iter: Iterations * 2,
            threads: 1);
    }

    [Fact]
    public void Trajectory_CorruptedOrCutBytes_OpenOrInputFileException()
    {
        using var tmp = new TempDir();
        var good = GoodTrajectory(tmp);
        var bytes = File.ReadAllBytes(good);
        var gen = Gen.Select(Gen.Int[0, bytes.Length], Gen.Int[0, 8].SelectMany(k => Gen.Select(Gen.Int[0, bytes.Length - 1], Gen.Byte).Array[k]));
        var n = 0;
        gen.Sample(
            t =>
            {
                var (cut, flips) = t;
                var copy = bytes[..cut];
                foreach (var (at, value) in flips)
                {
                    if (at < copy.Length)
                    {
                        copy[at] = value;
                    }
                }

                var path = tmp.File($"c{n++}.arrow");
                File.WriteAllBytes(path, copy);
                try
                {
                    var file = TrajectoryFile.Open(path);
                    Assert.True(file.Rows > 0);
                }
                catch (InputFileException e)
                {
                    Assert.DoesNotContain('\n', e.Message);
                }
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void Idx_AnyHeaderAndLength_ReadOrInputFileException()
    {
        using var tmp = new TempDir();
        var gen = Gen.Select(Gen.OneOf(0x0803, 0x0801, 0x0808, 0, -1), Gen.Int[-2, 6], Gen.Int[-1, 4], Gen.Int[-1, 4], Gen.Int[0, 64], Gen.Int[0, 6]);
        var n = 0;
        gen.Sample(
            (magic, count, rows, cols, pixels, labels) =>
            {
                var images = new byte[16 + pixels];
                BinaryPrimitives.WriteInt32BigEndian(images, magic);
                BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
                BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), rows);
                BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), cols);
                var label = new byte[8 + labels];
                BinaryPrimitives.WriteInt32BigEndian(label, 0x0801);
                BinaryPrimitives.WriteInt32BigEndian(label.AsSpan(4), labels);
                var i = tmp.File($"i{n}.idx");
                var l = tmp.File($"l{n++}.idx");
                File.WriteAllBytes(i, images);
                File.WriteAllBytes(l, label);
                try
                {
                    var data = IdxReader.Read(i, l, null, 1.0 / 255);
                    Assert.True(data.Features.Length >= 0);
                }
                catch (InputFileException e)
                {
                    Assert.DoesNotContain('\n', e.Message);
                }
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void Config_AnyValueForAnyKey_ParsedOrConfigException()
    {
        string[] keys = ["steps", "learning_rates", "initial_conditions", "perturbations", "recording", "evaluation", "architecture", "optimizer", "stages", "datasets", "name", "initialization", "output"];
        var values = Gen.OneOf("0", "-1", "1.5", "1e308", "-1e308", "\"x\"", "null", "true", "[]", "{}", "[1, \"a\"]", "{\"count\": -3}", "{\"every\": 0}", "[1e-300]", "{\"hidden\": [0]}", "{\"copies\": 100000}", "\"\\u0000\"", "2147483648", "{\"lyapunov\": 3}");
        Gen.Select(Gen.Int[0, keys.Length - 1], values, Gen.Bool).Sample(
            (k, value, replace) =>
            {
                var json = "{ \"name\": \"p\", \"datasets\": [ { \"name\": \"iris\", \"source\": \"iris\" } ], \"learning_rates\": [1], \"steps\": 10";
                json = replace && json.Contains($"\"{keys[k]}\"", StringComparison.Ordinal)
                    ? json.Replace($"\"{keys[k]}\": ", $"\"{keys[k]}\": {value}, \"__old\": ", StringComparison.Ordinal)
                    : json + $", \"{keys[k]}\": {value}";
                try
                {
                    _ = ExperimentConfigLoader.Parse(json + " }", "p.json", ".");
                }
                catch (ConfigException e)
                {
                    Assert.NotEmpty(e.Errors);
                }
            },
            iter: Iterations * 2,
            threads: 1);
    }

    [Fact]
    public void Shards_AnyGridAndCount_ContiguousCoverOnceNearlyEqual()
    {
        Gen.Int[1, 1_000_000].SelectMany(runs => Gen.Int[1, Math.Min(runs, 5000)].Select(count => (runs, count))).Sample(
            (runs, count) =>
            {
                var next = 0;
                int min = int.MaxValue, max = 0;
                for (var i = 0; i < count; i++)
                {
                    var (first, n) = new ExperimentShard(i, count).Range(runs);
                    Assert.Equal(next, first);
                    next += n;
                    (min, max) = (Math.Min(min, n), Math.Max(max, n));
                }

                Assert.Equal(runs, next);
                Assert.InRange(max - min, 0, 1);
                Assert.True(min >= 1);
            },
            iter: Iterations);
    }

    private static string GoodTrajectory(TempDir tmp)
    {
        var config = tmp.File("g.json");
        File.WriteAllText(config, """{ "name": "g", "datasets": [ { "name": "iris", "source": "iris" } ], "learning_rates": [1], "perturbations": { "copies": 1, "epsilons": [1e-6] }, "steps": 20, "recording": { "every": 1 } }""");
        var (code, _, err) = RunDirectories.Cli("run", config, "--out", tmp.File("g"), "--quiet").GetAwaiter().GetResult();
        Assert.True(code == 0, err);
        return Directory.GetFiles(tmp.File("g/trajectories")).Single();
    }
}
