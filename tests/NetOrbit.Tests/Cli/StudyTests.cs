using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetOrbit.Pipeline;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Cli;

/// <summary>
/// The built-in study paper-iris at its quick preset through the real command line (what a new user's
/// `netorbit run --preset quick` does), its report drawn from its parts, and the study format's merge rules.
/// </summary>
public sealed partial class StudyTests(StudyTests.QuickStudy quick) : IClassFixture<StudyTests.QuickStudy>
{
    /// <summary>`netorbit run --preset quick --out DIR` once for the class.</summary>
    public sealed class QuickStudy : IDisposable
    {
        private readonly TempDir _tmp = new();

        public QuickStudy()
        {
            Dir = _tmp.File("paper-iris-quick");
            (Code, Out, Err) = RunDirectories.Cli("run", "--preset", "quick", "--out", Dir, "--quiet").GetAwaiter().GetResult();
        }

        public string Dir { get; }

        public int Code { get; }

        public string Out { get; }

        public string Err { get; }

        internal TempDir Temp => _tmp;

        public void Dispose() => _tmp.Dispose();
    }

    [GeneratedRegex("<figure id=\"([^\"]+)\">.*?</figure>", RegexOptions.Singleline)]
    private static partial Regex Figure();

    [Fact]
    public void QuickPreset_WritesEveryPartTheManifestAndTheReport()
    {
        Assert.True(quick.Code == 0, quick.Err);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(quick.Dir, Study.ManifestFile)))!;
        Assert.Equal(Study.ManifestFormat, manifest["format"]!.GetValue<string>());
        Assert.Equal("quick", manifest["preset"]!.GetValue<string>());
        var parts = manifest["parts"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(Study.Default().Parts.Select(p => p.Name), parts);
        foreach (var part in parts)
        {
            Assert.True(File.Exists(Path.Combine(quick.Dir, part, "manifest.json")), part);
            RunDirectories.AssertAllComplete(Path.Combine(quick.Dir, part));
        }

        Assert.True(File.Exists(Path.Combine(quick.Dir, "report", "index.html")));
        // --quiet: the one summary line.
        Assert.StartsWith("done: study 'paper-iris', 165 runs in 12 parts", quick.Out);
        Assert.Single(quick.Out.Trim().Split('\n'));
    }

    [Fact]
    public void QuickPreset_ReportDrawsEachFigureFromThePartThatNamesIt()
    {
        var html = File.ReadAllText(Path.Combine(quick.Dir, "report", "index.html"));
        var figures = Figure().Matches(html).ToDictionary(m => m.Groups[1].Value, m => m.Value);
        foreach (var (id, part) in new[] { ("fig03-distances-ic0", "low"), ("fig06-post-learning", "post-learning"), ("fig08-p-lambda", "edge"), ("fig07-first200", "examples"), ("fig09-loss", "chaotic"), ("fig10-acf", "chaotic-long"), ("regime-map-predicted", "sweep") })
        {
            Assert.True(figures.ContainsKey(id), $"no figure {id}: {string.Join(", ", figures.Keys)}");
            Assert.Contains($"From the study&#39;s part &#39;{part}&#39;", figures[id]);
        }

        Assert.DoesNotContain("class=\"note\"", html);
        // The comparison's plateau row is measured, and the robustness table has the three splits.
        Assert.Matches(@"<td>runs with period-3 loss plateaus</td><td>5</td><td>-</td><td>\d+% of 4 runs", html);
        foreach (var dataset in new[] { "iris", "iris-split-1", "iris-split-2" })
        {
            Assert.Contains($"<tr><td>{dataset}</td>", html);
        }
    }

    [Fact]
    public async Task StudyPart_RunAlone_SameTablesAsInTheStudy()
    {
        // A part is an ordinary experiment: its merged configuration run on its own gives the same tables.
        var edge = Study.Default("quick").Parts.Single(p => p.Name == "edge");
        var alone = quick.Temp.File("edge-alone");
        await ExperimentBuilder.FromJson(edge.Json).Build().RunAsync(alone, new ExperimentRunOptions { Threads = 1 });
        RunDirectories.AssertSameTables(Path.Combine(quick.Dir, "edge"), alone);
    }

    [Fact]
    public async Task Resume_AStudyWithAMissingPart_TrainsOnlyThatPartSameTables()
    {
        var copy = quick.Temp.File("resumed");
        CopyDirectory(quick.Dir, copy);
        Directory.Delete(Path.Combine(copy, "sweep"), recursive: true);
        File.Delete(Path.Combine(copy, Study.ManifestFile));
        var before = File.GetLastWriteTimeUtc(Path.Combine(copy, "edge", "runs.arrow"));
        var (code, _, err) = await RunDirectories.Cli("run", "--preset", "quick", "--out", copy, "--resume", "--quiet", "--no-report");
        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(copy, Study.ManifestFile)));
        Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(copy, "edge", "runs.arrow")));
        RunDirectories.AssertSameTables(Path.Combine(quick.Dir, "sweep"), Path.Combine(copy, "sweep"));
    }

    [Fact]
    public async Task PartThatFails_ExitsFailedNamingItAndWritesNoStudyManifest()
    {
        // A file where the third part's directory goes: that part fails while others train beside it.
        var dir = quick.Temp.File("failing");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "edge"), "not a directory");
        var (code, _, err) = await RunDirectories.Cli("run", "--preset", "quick", "--out", dir, "--quiet", "--no-report");
        Assert.Equal(1, code);
        Assert.Contains(Path.Combine(dir, "edge"), err);
        Assert.False(File.Exists(Path.Combine(dir, Study.ManifestFile)));
        Assert.False(Directory.Exists(Path.Combine(dir, "sweep")), "parts after the failure must not start");
    }

    [Fact]
    public async Task Cancelled_BeforeAnyPartStarts_Exits130WithOneLine()
    {
        var dir = quick.Temp.File("cancelled-first");
        var stderr = new StringWriter();
        var code = await NetOrbit.Cli.Commands.RunCommand.ExecuteAsync(null, dir, 2, true, [], TextWriter.Null, stderr, new CancellationToken(true), preset: "quick");
        Assert.Equal(130, code);
        Assert.Equal($"cancelled: study 'paper-iris' stopped before any part started; nothing was trained into {dir}", stderr.ToString().Trim());
        Assert.False(File.Exists(Path.Combine(dir, Study.ManifestFile)));
        Assert.Empty(Directory.GetDirectories(dir));
    }

    [Fact]
    public void Report_AFigureThatCannotBeWritten_ExitsFailedWithOneLine()
    {
        // Figures are drawn in parallel; a failing one must still give the one-line error, not an unhandled AggregateException.
        var outDir = quick.Temp.File("report-blocked");
        Directory.CreateDirectory(Path.Combine(outDir, "fig08-p-lambda.png"));
        var stderr = new StringWriter();
        Assert.Equal(1, NetOrbit.Cli.Commands.ReportCommand.Execute(quick.Dir, outDir, TextWriter.Null, stderr, default));
        Assert.StartsWith($"error: {outDir}: ", stderr.ToString());
        Assert.False(File.Exists(Path.Combine(outDir, "index.html")));
    }

    [Fact]
    public async Task Part_ShardedAndMerged_SameTablesAsThePartInTheStudy()
    {
        // --part runs one part as an experiment, so a cluster shards it like any other.
        var dirs = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var dir = quick.Temp.File($"edge-shard-{i}");
            var (code, _, err) = await RunDirectories.Cli("run", "--preset", "quick", "--part", "edge", "--shard", $"{i}/2", "--out", dir, "--quiet");
            Assert.True(code == 0, err);
            dirs.Add(dir);
        }

        var merged = quick.Temp.File("edge-merged");
        var (mc, _, me) = await RunDirectories.Cli(["merge", .. dirs, "--out", merged, "--quiet"]);
        Assert.True(mc == 0, me);
        RunDirectories.AssertSameTables(Path.Combine(quick.Dir, "edge"), merged);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    [Fact]
    public void Merge_ObjectsKeyByKey_ArraysAndValuesReplaced_NullRemoves()
    {
        var under = JsonNode.Parse("""{ "steps": 10, "learning_rates": [1, 2], "stages": { "lyapunov": { "record_every": 5, "loss": { "enabled": true } }, "graph": {} } }""")!.AsObject();
        var over = JsonNode.Parse("""{ "learning_rates": [3], "stages": { "lyapunov": { "loss": { "shuffles": 7 } }, "graph": null } }""")!.AsObject();
        var merged = Study.Merge(under, over);
        Assert.Equal("""{"steps":10,"learning_rates":[3],"stages":{"lyapunov":{"record_every":5,"loss":{"enabled":true,"shuffles":7}}}}""", merged.ToJsonString());
        Assert.Equal(10, under["steps"]!.GetValue<int>());
        Assert.NotNull(under["stages"]!["graph"]);
    }

    [Fact]
    public void Default_WithoutPreset_IsThePaperScale()
    {
        var study = Study.Default();
        var parts = study.Parts.ToDictionary(p => p.Name, p => p.Builder.Build());
        Assert.Equal(10 * 22, parts["low"].Runs.Count);
        Assert.All(parts["low"].Runs, r => Assert.Equal((21, 5000), (r.Members, r.Steps)));
        Assert.Equal(500 * 14, parts["edge"].Runs.Count);
        Assert.Equal(20, parts["chaotic"].Runs.Count(r => r.Steps == 10_000));
        Assert.Equal(45_000, parts["chaotic-long"].Runs.Single().Steps);
        Assert.Equal(40 * 20, parts["sweep"].Runs.Count);
    }
}
