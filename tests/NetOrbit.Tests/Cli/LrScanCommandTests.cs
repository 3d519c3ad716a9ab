using System.Text.Json;
using NetOrbit.Cli.Commands;
using NetOrbit.Report.LrScan;
using NetOrbit.Tests.Support;
using Xunit;

namespace NetOrbit.Tests.Cli;

public sealed class LrScanCommandTests
{
    /// <summary>Iris 4-10-3, 300 steps, test accuracy every 10 steps; the scan adds the copies and the stages.</summary>
    private const string Iris = """
        {
          "name": "scan-test",
          "datasets": [ { "name": "iris", "source": "iris", "test_fraction": 0.2, "split_seed": 0 } ],
          "learning_rates": [1],
          "initial_conditions": { "count": 50 },
          "steps": 300,
          "evaluation": { "every": 10 },
          "stages": { "recurrence": {} }
        }
        """;

    private static async Task<(int Code, string Out, string Err)> Scan(TempDir tmp, string json, LrScanOptions options, string[]? extra = null, bool report = true, bool asJson = false)
    {
        var config = tmp.File("scan.json");
        await File.WriteAllTextAsync(config, json);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await LrScanCommand.ExecuteAsync(config, options, tmp.File("run"), threads: 2, asJson, report, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task LrScan_SmallIrisScan_WritesTheTableAndRecommendsBelowTheChaoticEtas()
    {
        using var tmp = new TempDir();
        var (code, stdout, stderr) = await Scan(tmp, Iris, new LrScanOptions { From = 0.1, To = 10, Count = 6, InitialConditions = 2 });
        Assert.True(code == 0, stderr);
        var dir = tmp.File("run");

        var table = Path.Combine(dir, "lr_scan.arrow");
        var (schema, _) = ArrowRead.File(table);
        Assert.Equal("lr_scan/1", schema.Metadata["netorbit.schema"]);
        Assert.Equal("0.9", schema.Metadata[LrScanTable.TargetKey]);
        var etas = ArrowRead.Doubles(table, "eta");
        Assert.Equal(6, etas.Count);
        Assert.Equal(0.1, etas[0], 12);
        Assert.Equal(10, etas[^1], 12);
        Assert.All(ArrowRead.Longs(table, "initial_conditions"), n => Assert.Equal(2, n));
        Assert.All(ArrowRead.Doubles(table, "sharpness"), s => Assert.True(s > 0, "sharpness measured at every eta"));
        Assert.All(ArrowRead.Doubles(table, "kept_fraction"), f => Assert.InRange(f, 0, 1));
        var rows = ArrowRead.Rows(table);
        Assert.All(rows, r => Assert.Equal(2, (int)r["regular"]! + (int)r["edge_of_stability"]! + (int)r["chaotic"]! + (int)r["divergent"]!));

        // Iris: the largest etas are classified chaotic, and the recommendation lies below every one of them.
        var recommended = rows.Where(r => (bool)r["recommended"]!).Select(r => (double)r["eta"]!).ToArray();
        var unstable = rows.Where(r => (bool)r["unstable"]!).Select(r => (double)r["eta"]!).ToArray();
        Assert.Single(recommended);
        Assert.NotEmpty(unstable);
        Assert.All(unstable, eta => Assert.True(recommended[0] < eta, $"recommended {recommended[0]} is not below the chaotic eta {eta}"));
        var atRecommended = rows.Single(r => (bool)r["recommended"]!);
        Assert.True((bool)atRecommended["learns"]!);
        Assert.False((bool)atRecommended["exponent_positive"]!);
        Assert.All(rows.Where(r => (double)r["eta"]! > recommended[0]), r => Assert.True((bool)r["rejected"]!));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "lr_scan.json")));
        var group = json.RootElement.GetProperty("groups")[0];
        Assert.Equal(recommended[0], group.GetProperty("recommended_eta").GetDouble());
        Assert.Contains(group.GetProperty("shortest_where_exponent_turns_positive").GetString(), new[] { "yes", "no", "cannot tell" });

        Assert.Contains($"iris 4-10-3: recommended eta = ", stdout);
        Assert.Contains("Is the time to 0.9 test accuracy shortest where the exponent turns positive?", stdout);
        Assert.Contains("rejected, ", stdout);
        Assert.Contains("stage 'recurrence' is not needed by the scan", stdout);

        // The report: the regime-map figures, and the answer in the time-to-90 caption.
        foreach (var figure in new[] { "regime-map-predicted", "exponent-eta", "sharpness-eta", "test-accuracy-eta", "time-to-90-eta" })
        {
            Assert.True(File.Exists(Path.Combine(dir, "report", figure + ".png")), figure);
        }

        var html = await File.ReadAllTextAsync(Path.Combine(dir, "report", "index.html"));
        Assert.Contains("Is the time to 0.9 test accuracy shortest where the exponent turns positive?", html);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task LrScan_MissingConfig_ExitsTwoNamingTheFile()
    {
        using var tmp = new TempDir();
        var stderr = new StringWriter();
        var missing = tmp.File("nope.json");
        var code = await LrScanCommand.ExecuteAsync(missing, new LrScanOptions(), null, 1, false, false, TextWriter.Null, stderr, CancellationToken.None);
        Assert.Equal(ExitCodes.BadInput, code);
        var line = Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
        Assert.StartsWith($"error: {missing}: ", line);
    }

    [Fact]
    public async Task LrScan_InvalidConfig_ExitsTwoWithTheJsonPath()
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = await Scan(tmp, Iris.Replace("\"steps\": 300", "\"steps\": -3"), new LrScanOptions(), report: false);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("scan.json: $.steps", stderr);
        Assert.False(Directory.Exists(tmp.File("run")));
    }

    [Fact]
    public async Task LrScan_StudyPart_ScansThatPartAndAStudyWithoutPartIsRefused()
    {
        // Part 'b' takes the study's defaults (dataset, evaluation) and its own steps.
        const string study = """
            {
              "name": "scan-study",
              "defaults": {
                "datasets": [ { "name": "iris", "source": "iris", "test_fraction": 0.2, "split_seed": 0 } ],
                "evaluation": { "every": 10 }
              },
              "parts": [
                { "name": "a", "learning_rates": [1], "initial_conditions": { "count": 2 }, "steps": 100 },
                { "name": "b", "learning_rates": [1], "initial_conditions": { "count": 2 }, "steps": 120 }
              ]
            }
            """;
        using var tmp = new TempDir();
        var config = tmp.File("study.json");
        await File.WriteAllTextAsync(config, study);
        var options = new LrScanOptions { From = 0.1, To = 10, Count = 3, InitialConditions = 2 };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await LrScanCommand.ExecuteAsync(config, options, tmp.File("run"), 2, false, false, stdout, stderr, CancellationToken.None, part: "b");
        Assert.True(code == 0, stderr.ToString());
        Assert.Contains("3 learning rates from 0.1 to 10 x 2 initial conditions", stdout.ToString());
        Assert.Contains("120 steps", stdout.ToString());
        Assert.Equal(3, ArrowRead.Doubles(Path.Combine(tmp.File("run"), "lr_scan.arrow"), "eta").Count);

        stderr = new StringWriter();
        code = await LrScanCommand.ExecuteAsync(config, options, tmp.File("run2"), 2, false, false, TextWriter.Null, stderr, CancellationToken.None);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"error: {config}: $.parts: this is a study of several experiments; name the one to scan with --part NAME (its parts: a, b)", stderr.ToString().Trim());

        stderr = new StringWriter();
        code = await LrScanCommand.ExecuteAsync(config, options, tmp.File("run2"), 2, false, false, TextWriter.Null, stderr, CancellationToken.None, part: "c");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--part c: no such part; the study's parts are a, b", stderr.ToString());
        Assert.False(Directory.Exists(tmp.File("run2")));

        // A missing file says so, --part or not.
        stderr = new StringWriter();
        var missing = tmp.File("nope.json");
        code = await LrScanCommand.ExecuteAsync(missing, options, tmp.File("run2"), 2, false, false, TextWriter.Null, stderr, CancellationToken.None, part: "b");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"error: {missing}: $: cannot read the file", stderr.ToString());
    }

    [Fact]
    public async Task LrScan_BadOptions_ExitsTwoNamingTheOption()
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = await Scan(tmp, Iris, new LrScanOptions { From = 5, To = 1, Target = 1.5 }, report: false);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--to must be", stderr);
        Assert.Contains("--target must be in (0, 1]", stderr);
    }

    [Fact]
    public void Schema_LrScan_IsListedAndPrinted()
    {
        // The document's columns are checked against LrScanTable.Definition with every other table (Pipeline/SchemaDocumentTests).
        var list = new StringWriter();
        Assert.Equal(0, SchemaCommand.Execute(null, list, TextWriter.Null));
        Assert.Contains("  lr_scan", list.ToString());
        var stdout = new StringWriter();
        Assert.Equal(0, SchemaCommand.Execute("lr_scan", stdout, TextWriter.Null));
        Assert.StartsWith("# lr_scan/1", stdout.ToString());
    }
}
