using System.Collections;
using System.Text.Json;
using NetOrbit.Cli.Commands;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Cli;

/// <summary>
/// <c>netorbit run --shard I/N</c> and <c>netorbit merge</c> through the real command line: the
/// merged run directory holds every table of a single-process run (runs, datasets, trajectories,
/// every stage table, the Lyapunov summary recomputed across shards), row for row; bad merges are
/// refused with exit code 2 and one line.
/// </summary>
public sealed class ShardMergeTests
{
    // Every built-in stage that fills tables per run plus the Lyapunov summary across runs; two
    // learning rates so the summary has groups that span shards.
    internal const string Sweep = """
        {
          "name": "sweep",
          "datasets": [ { "name": "iris", "source": "iris" } ],
          "learning_rates": [0.5, 2],
          "initial_conditions": { "count": 4 },
          "perturbations": { "copies": 2, "epsilons": [1e-6] },
          "steps": 80,
          "evaluation": { "every": 20 },
          "recording": { "every": 10 },
          "stages": { "lyapunov": {}, "recurrence": {}, "graph": {} }
        }
        """;

    private static async Task<string> Config(TempDir tmp, string json, string name = "sweep.json")
    {
        var path = tmp.File(name);
        await File.WriteAllTextAsync(path, json);
        return path;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public async Task Merge_AllShards_TablesEqualSingleProcessRowForRow(int shards)
    {
        using var tmp = new TempDir();
        var config = await Config(tmp, Sweep);
        var single = await RunDirectories.Cli("run", config, "--out", tmp.File("single"), "--quiet", "--threads", "2");
        Assert.True(single.Code == 0, single.Err);

        var dirs = new List<string>();
        for (var i = 0; i < shards; i++)
        {
            var dir = tmp.File($"shard{i}");
            var r = await RunDirectories.Cli("run", config, "--shard", $"{i}/{shards}", "--out", dir, "--quiet", "--threads", "1");
            Assert.True(r.Code == 0, r.Err);
            dirs.Add(dir);
        }

        // Any order on the command line.
        dirs.Reverse();
        var merged = await RunDirectories.Cli(["merge", .. dirs, "--out", tmp.File("merged")]);
        Assert.True(merged.Code == 0, merged.Err);
        RunDirectories.AssertSameTables(tmp.File("single"), tmp.File("merged"));
        Assert.Contains("lyapunov/summary.arrow", RunDirectories.ArrowFiles(tmp.File("merged")));
        Assert.False(Directory.Exists(tmp.File("merged/.parts")));

        using var manifest = JsonDocument.Parse(File.ReadAllText(tmp.File("merged/manifest.json")));
        var from = manifest.RootElement.GetProperty("merged_from");
        Assert.Equal(shards, from.GetArrayLength());
        Assert.Equal(Enumerable.Range(0, shards), from.EnumerateArray().Select(e => e.GetProperty("index").GetInt32()));
        Assert.Equal(8, from.EnumerateArray().Sum(e => e.GetProperty("runs").GetInt32()));
        Assert.Equal("ok", manifest.RootElement.GetProperty("status").GetString());
        Assert.Equal(8, manifest.RootElement.GetProperty("runs").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Shard_ContiguousRangesCoverTheGridOnce()
    {
        using var tmp = new TempDir();
        var config = await Config(tmp, Sweep);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var r = await RunDirectories.Cli("run", config, "--shard", $"{i}/3", "--out", tmp.File($"s{i}"), "--quiet");
            Assert.True(r.Code == 0, r.Err);
            ids.AddRange(ArrowRead.Strings(tmp.File($"s{i}/runs.arrow"), "run_id"));
        }

        var all = await RunDirectories.Cli("run", config, "--out", tmp.File("all"), "--quiet");
        Assert.True(all.Code == 0, all.Err);
        Assert.Equal(ArrowRead.Strings(tmp.File("all/runs.arrow"), "run_id"), ids);
        Assert.Equal([2, 3, 3], Enumerable.Range(0, 3).Select(i => ArrowRead.Strings(tmp.File($"s{i}/runs.arrow"), "run_id").Count));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "missing", "shard 1/3 missing" },
        { "duplicate", "is given twice" },
        { "other-config", "different configuration" },
        { "incomplete", "did not complete" },
        { "into-shard", "is one of the shards" },
        { "not-run-dir", "not a NetOrbit run directory" },
        { "other-count", "were cut differently" },
        { "experiment-rows", "does not say how to recompute them" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Merge_BadShardSet_ExitCode2OneLineNamingTheProblem(string scenario, string expected)
    {
        using var tmp = new TempDir();
        var config = await Config(tmp, Sweep);
        var other = await Config(tmp, Sweep.Replace("\"steps\": 80", "\"steps\": 60"), "other.json");
        async Task<string> Shard(string cfg, int i, int n, string name)
        {
            var r = await RunDirectories.Cli("run", cfg, "--shard", $"{i}/{n}", "--out", tmp.File(name), "--quiet");
            Assert.True(r.Code == 0, r.Err);
            return tmp.File(name);
        }

        var s0 = await Shard(config, 0, 3, "s0");
        var s2 = await Shard(config, 2, 3, "s2");
        string[] args = scenario switch
        {
            "missing" => [s0, s2],
            "duplicate" => [s0, await Shard(config, 1, 3, "s1"), s2, s2],
            "other-config" => [s0, await Shard(other, 1, 3, "o1"), s2],
            "incomplete" => [s0, Incomplete(await Shard(config, 1, 3, "s1")), s2],
            "into-shard" => [s0, await Shard(config, 1, 3, "s1"), s2],
            "not-run-dir" => [s0, Directory.CreateDirectory(tmp.File("empty")).FullName, s2],
            "other-count" => [s0, await Shard(config, 1, 4, "f1"), s2],
            "experiment-rows" => [s0, ExperimentRows(await Shard(config, 1, 3, "s1")), s2],
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
        var outDir = scenario == "into-shard" ? s0 : tmp.File("merged");
        var (code, stdout, stderr) = await RunDirectories.Cli(["merge", .. args, "--out", outDir]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: /", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(File.Exists(Path.Combine(tmp.File("merged"), "manifest.json")));

        // As a stage without IStageSummary that wrote rows in Complete() would have left it.
        static string ExperimentRows(string dir)
        {
            var path = Path.Combine(dir, "manifest.json");
            var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
            manifest["stages"]![1]!["experiment_tables"] = new System.Text.Json.Nodes.JsonArray("recurrence/rqa.arrow");
            File.WriteAllText(path, manifest.ToJsonString());
            return dir;
        }

        static string Incomplete(string dir)
        {
            var path = Path.Combine(dir, "manifest.json");
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"status\": \"ok\"", "\"status\": \"cancelled\""));
            return dir;
        }
    }

    [Fact]
    public async Task Run_MoreShardsThanRuns_ExitCode2()
    {
        using var tmp = new TempDir();
        var config = await Config(tmp, Sweep);
        var (code, _, err) = await RunDirectories.Cli("run", config, "--shard", "0/9", "--out", tmp.File("s"), "--quiet");
        Assert.Equal(2, code);
        Assert.Contains("would hold none", err);
        Assert.False(Directory.Exists(tmp.File("s")));
    }

    [Theory]
    [InlineData("3/2")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("-1/2")]
    [InlineData("1/0")]
    public async Task Run_MalformedShard_ExitCode2(string shard)
    {
        using var tmp = new TempDir();
        var config = await Config(tmp, Sweep);
        var (code, _, err) = await RunDirectories.Cli("run", config, "--shard", shard, "--out", tmp.File("s"), "--quiet");
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.Contains("--shard", err);
    }

    [Fact]
    public void ShardOption_SlurmArrayStartingAt1_IndexIsTaskMinusMin()
    {
        var env = new Hashtable { ["SLURM_ARRAY_TASK_ID"] = "3", ["SLURM_ARRAY_TASK_MIN"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "3" };
        var shard = ShardOption.Resolve("auto", env, out var problem);
        Assert.True(shard is not null, problem);
        Assert.Equal((2, 3), (shard.Index, shard.Count));
        Assert.NotNull(ShardOption.Resolve("auto/3", env, out _));
        Assert.Null(ShardOption.Resolve("auto/4", env, out problem));
        Assert.Contains("3 tasks, not 4", problem);
    }

    [Fact]
    public void ShardOption_KubernetesIndexedJob_NeedsTheCount()
    {
        var env = new Hashtable { ["JOB_COMPLETION_INDEX"] = "4" };
        var shard = ShardOption.Resolve("auto/5", env, out var problem);
        Assert.True(shard is not null, problem);
        Assert.Equal((4, 5), (shard.Index, shard.Count));
        Assert.Null(ShardOption.Resolve("auto", env, out problem));
        Assert.Contains("auto/N", problem);
        Assert.Null(ShardOption.Resolve("auto/4", env, out problem));
        Assert.Contains("not a shard index", problem);
        Assert.Null(ShardOption.Resolve("auto/4", new Hashtable(), out problem));
        Assert.Contains("neither", problem);
        Assert.Null(ShardOption.Resolve("auto", new Hashtable { ["SLURM_ARRAY_TASK_ID"] = "2", ["SLURM_ARRAY_TASK_COUNT"] = "3", ["SLURM_ARRAY_TASK_STEP"] = "2" }, out problem));
        Assert.Contains("step", problem);
    }

    [Fact]
    public async Task Run_ShardAutoFromSlurmEnvironment_RealProcess()
    {
        using var tmp = new TempDir();
        var config = await Config(tmp, Sweep);
        using var p = RunDirectories.Start(["run", config, "--shard", "auto", "--out", tmp.File("s"), "--quiet"], new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_TASK_MIN"] = "0", ["SLURM_ARRAY_TASK_COUNT"] = "4" });
        var err = p.StandardError.ReadToEndAsync();
        _ = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, await err);
        using var manifest = JsonDocument.Parse(File.ReadAllText(tmp.File("s/manifest.json")));
        Assert.Equal(1, manifest.RootElement.GetProperty("shard").GetProperty("index").GetInt32());
        Assert.Equal(4, manifest.RootElement.GetProperty("shard").GetProperty("count").GetInt32());
        Assert.Equal(2, ArrowRead.Strings(tmp.File("s/runs.arrow"), "run_id").Count);
    }
}
