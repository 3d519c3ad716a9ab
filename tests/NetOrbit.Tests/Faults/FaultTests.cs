using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using NetOrbit.Arrow;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Faults;

/// <summary>Faults that are not bad input: a plugin stage that throws, and non-finite weights in a recorded trajectory.</summary>
public sealed class FaultTests
{
    private const string Config = """
        { "name": "fault", "datasets": [ { "name": "iris", "source": "iris" } ], "learning_rates": [0.5, 1],
          "initial_conditions": { "count": 2 }, "perturbations": { "copies": 2, "epsilons": [1e-6] }, "steps": 60,
          "recording": { "every": 5 }, "stages": { "lyapunov": {}, "recurrence": {}STAGE } }
        """;

    [Fact]
    public async Task Run_PluginStageThrows_ErrorNamesStage_OtherTablesComplete_Exit1()
    {
        using var tmp = new TempDir();
        var failing = tmp.File("failing.json");
        await File.WriteAllTextAsync(failing, Config.Replace("STAGE", ", \"test-throwing\": { \"fail_at_run\": 1 }"));
        var plain = tmp.File("plain.json");
        await File.WriteAllTextAsync(plain, Config.Replace("STAGE", ""));
        var dir = tmp.File("run");

        using var process = RunDirectories.Start(["run", failing, "--out", dir, "--quiet", "--threads", "2", "--plugin", typeof(FaultTests).Assembly.Location]);
        var stderr = process.StandardError.ReadToEndAsync();
        _ = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var err = await stderr;
        Assert.True(process.ExitCode == 1, $"exit code {process.ExitCode}: {err}");
        var line = Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.Contains("stage 'test-throwing' failed", line);
        Assert.Contains("deliberate failure at run", line);
        Assert.DoesNotContain("   at ", err);

        // The failing stage left nothing; every other table is complete and holds what a run without it holds.
        Assert.False(Directory.Exists(Path.Combine(dir, "test-throwing")) && Directory.GetFiles(Path.Combine(dir, "test-throwing")).Length > 0);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
        RunDirectories.AssertAllComplete(dir);
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json"))))
        {
            Assert.Equal("failed", manifest.RootElement.GetProperty("status").GetString());
            Assert.Contains("test-throwing", manifest.RootElement.GetProperty("error").GetString());
        }

        var reference = await RunDirectories.Cli("run", plain, "--out", tmp.File("plain"), "--quiet");
        Assert.True(reference.Code == 0, reference.Err);
        var expected = RunDirectories.ArrowFiles(tmp.File("plain"));
        Assert.Equal(expected, RunDirectories.ArrowFiles(dir));
        foreach (var f in expected)
        {
            Assert.Equal(RunDirectories.Rows(Path.Combine(tmp.File("plain"), f)).Rows, RunDirectories.Rows(Path.Combine(dir, f)).Rows);
        }
    }

    [Fact]
    public async Task Analyze_NaNAndInfiniteWeights_AreADivergenceNotACrash()
    {
        using var tmp = new TempDir();
        var config = tmp.File("c.json");
        await File.WriteAllTextAsync(config, Config.Replace("STAGE", "").Replace("\"recording\": { \"every\": 5 }", "\"recording\": { \"every\": 1 }"));
        var run = await RunDirectories.Cli("run", config, "--out", tmp.File("run"), "--quiet");
        Assert.True(run.Code == 0, run.Err);
        var source = Directory.GetFiles(tmp.File("run/trajectories")).Order(StringComparer.Ordinal).First();
        var broken = tmp.File("broken.arrow");
        Poison(source, broken);

        var (code, _, err) = await RunDirectories.Cli("analyze", broken, "--stage", "lyapunov", "--stage", "recurrence", "--out", tmp.File("analysis"));
        Assert.True(code == 0, err);
        RunDirectories.AssertAllComplete(tmp.File("analysis"));
        var status = ArrowRead.Strings(tmp.File("analysis/lyapunov/exponents.arrow"), "status");
        Assert.Equal(["diverged"], status);
    }

    // Member 1's weights become NaN from step 30 and +infinity at step 29.
    private static void Poison(string source, string target)
    {
        var (schema, batches) = ArrowRead.File(source);
        var wi = schema.GetFieldIndex("weights");
        var p = ((Apache.Arrow.Types.FixedSizeListType)schema.FieldsList[wi].DataType).ListSize;
        using var stream = File.Create(target);
        using var writer = new ArrowFileWriter(stream, schema);
        writer.WriteStart();
        foreach (var b in batches)
        {
            var member = (Int32Array)b.Column("member");
            var step = (Int64Array)b.Column("step");
            var values = ((DoubleArray)((FixedSizeListArray)b.Column(wi)).Values).Values.Slice(((FixedSizeListArray)b.Column(wi)).Offset * p, b.Length * p).ToArray();
            for (var r = 0; r < b.Length; r++)
            {
                if (member.GetValue(r) == 1 && step.GetValue(r) >= 29)
                {
                    values.AsSpan(r * p, p).Fill(step.GetValue(r) == 29 ? double.PositiveInfinity : double.NaN);
                }
            }

            var columns = Enumerable.Range(0, b.ColumnCount).Select(c => c == wi ? (IArrowArray)TrajectoryTable.BuildWeights(values, p) : b.Column(c)).ToList();
            writer.WriteRecordBatch(new RecordBatch(schema, columns, b.Length));
        }

        writer.WriteEnd();
    }
}
