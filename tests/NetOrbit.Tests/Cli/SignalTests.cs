using System.Diagnostics;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Cli;

/// <summary>The real process under Ctrl+C's SIGINT: it stops promptly, exits 130 and leaves only complete files.</summary>
public sealed class SignalTests
{
    [Fact]
    public async Task Run_Sigint_StopsWithCode130AndNoPartialFiles()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tmp = new TempDir();
        var config = tmp.File("long.json");
        await File.WriteAllTextAsync(config, RunCommandTests.Quick.Replace("\"steps\": 150", "\"steps\": 2000000").Replace("\"count\": 2", "\"count\": 8").Replace("\"recording\": { \"every\": 1 }", "\"recording\": { \"every\": 1000 }"));
        var dir = tmp.File("run");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "netorbit.dll"), "run", config, "--out", dir, "--threads", "2" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var waited = Stopwatch.StartNew();
        // The manifest says "running" once the directory is prepared, just before the runs train (their
        // trajectories wait in memory or under .parts/ until they join a part file).
        while (!File.Exists(Path.Combine(dir, "manifest.json")))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the run never started writing");
            if (process.HasExited)
            {
                Assert.Fail($"the run ended before it was interrupted: {await stderr}");
            }
            await Task.Delay(20);
        }

        using (var kill = Process.Start("kill", [SigintIgnoredHere() ? "-TERM" : "-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var errors = await stderr;
        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}: {errors}");
        Assert.Contains("cancelled", errors);
        _ = await stdout;
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
        Assert.Contains("\"cancelled\"", File.ReadAllText(Path.Combine(dir, "manifest.json")));
    }

    /// <summary>
    /// A test host started without a terminal (as CI may start it) can have SIGINT ignored, and its
    /// children inherit that; netorbit handles SIGTERM through the same path, so send that instead.
    /// </summary>
    private static bool SigintIgnoredHere()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
    }
}
