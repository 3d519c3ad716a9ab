using System.Text.Json;
using NetOrbit.Cli.Bench;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Cli.Bench;

/// <summary><c>netorbit bench stages</c>: the variants it runs and its errors (no timing is asserted).</summary>
public sealed class StageOverheadBenchTests
{
    private const string Config = """
        {
          "name": "ovh",
          "datasets": [ { "name": "iris", "source": "iris" } ],
          "learning_rates": [1],
          "initial_conditions": { "count": 2 },
          "perturbations": { "copies": 2, "epsilons": [1e-8] },
          "steps": 50,
          "recording": { "mode": "summaries" },
          "stages": STAGES
        }
        """;

    private static async Task<(int Code, string Out, string Err)> Bench(string stages, bool json)
    {
        using var tmp = new TempDir();
        var path = tmp.File("c.json");
        await File.WriteAllTextAsync(path, Config.Replace("STAGES", stages));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await StageOverheadBench.ExecuteAsync(path, 2, 1, [], json, stdout, stderr, default);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task TwoStages_RunsBaselineEachAloneAndAll()
    {
        var (code, stdout, stderr) = await Bench("""{ "lyapunov": {}, "graph": { "every": 10 } }""", json: true);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var variants = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(["no stages", "lyapunov alone", "graph alone", "all stages"], variants.Select(v => v.GetProperty("variant").GetString()));
        Assert.All(variants, v => Assert.Equal(2, v.GetProperty("cpu_seconds").GetArrayLength()));
        Assert.All(variants, v => Assert.True(v.GetProperty("wall_median").GetDouble() > 0));
        Assert.Equal(0, variants[0].GetProperty("cpu_overhead_median").GetDouble());
    }

    [Fact]
    public async Task TextOutput_NamesTheStage()
    {
        var (code, stdout, _) = await Bench("""{ "lyapunov": {} }""", json: false);
        Assert.Equal(0, code);
        Assert.Contains("no stages", stdout);
        Assert.Contains("lyapunov", stdout);
        Assert.Contains("CPU overhead", stdout);
    }

    [Fact]
    public async Task NoStages_IsAnErrorNamingTheFile()
    {
        var (code, _, stderr) = await Bench("{}", json: false);
        Assert.Equal(2, code);
        Assert.Contains("c.json: the experiment has no stages to measure", stderr);
    }
}
