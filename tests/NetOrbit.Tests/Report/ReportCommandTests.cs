using System.Buffers.Binary;
using System.Text.RegularExpressions;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Report;

public sealed partial class ReportCommandTests(ReportRunFixture run) : IClassFixture<ReportRunFixture>
{
    private static (int Code, string Out, string Err) Report(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = NetOrbit.Cli.Program.BuildRoot(stdout, stderr).Parse(["report", .. args]).InvokeAsync().GetAwaiter().GetResult();
        return (code, stdout.ToString(), stderr.ToString());
    }

    [GeneratedRegex("<img src=\"([^\"]+)\"")]
    private static partial Regex Img();

    [GeneratedRegex("<figure id=\"([^\"]+)\">.*?</figure>", RegexOptions.Singleline)]
    private static partial Regex Figure();

    [Fact]
    public void Report_SmallRun_EveryImageExistsAsPngAndSvgWithCaption()
    {
        var outDir = run.Temp.File("report-a");
        var (code, stdout, err) = Report(run.RunDir, "--out", outDir);
        Assert.True(code == 0, err);
        Assert.Contains("index.html", stdout);
        var html = File.ReadAllText(Path.Combine(outDir, "index.html"));
        var images = Img().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.True(images.Count >= 20, $"only {images.Count} figures");
        foreach (var png in images)
        {
            var bytes = File.ReadAllBytes(Path.Combine(outDir, png));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            Assert.True(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)) > 0, png);
            Assert.True(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)) > 0, png);
            var svg = File.ReadAllText(Path.Combine(outDir, Path.ChangeExtension(png, ".svg")));
            Assert.Contains("<svg", svg);
            Assert.Contains($"href=\"{Path.ChangeExtension(png, ".svg")}\"", html);
        }

        foreach (Match f in Figure().Matches(html))
        {
            Assert.Matches("<figcaption><b>[^<]+</b> .{40,}Paper: ", f.Value);
        }

        // The paper's figures this run's tables make, and the comparison table from lyapunov/summary.
        foreach (var id in new[] { "fig02-misclassified", "fig03-distances-ic0", "fig04-eps", "fig05-ablation", "fig05-movement", "fig07-first200", "fig08-p-lambda", "fig08-nmle-eps", "fig09-loss", "fig10-acf", "fig11-curves", "fig12-weights", "fig13-loss-eta1", "fig14-accuracy-eta5", "regime-map-predicted", "exponent-eta", "test-accuracy-eta", "rqa-eta" })
        {
            Assert.Contains($"<figure id=\"{id}\">", html);
        }

        Assert.Contains("NetOrbit vs the paper", html);
        Assert.Contains("<td>1e-8</td>", html);
        Assert.Contains("0.33", html);
        Assert.DoesNotContain(".tmp", string.Join(",", Directory.GetFiles(outDir)));
    }

    [Fact]
    public void Report_SameRunTwice_ByteIdentical()
    {
        var a = run.Temp.File("report-b1");
        var b = run.Temp.File("report-b2");
        Assert.Equal(0, Report(run.RunDir, "--out", a).Code);
        Assert.Equal(0, Report(run.RunDir, "--out", b).Code);
        var files = Directory.GetFiles(a).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.GetFiles(b).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        foreach (var f in files)
        {
            var x = File.ReadAllBytes(Path.Combine(a, f!));
            var y = File.ReadAllBytes(Path.Combine(b, f!));
            var at = x.AsSpan().CommonPrefixLength(y);
            Assert.True(x.AsSpan().SequenceEqual(y), $"{f} differs at byte {at}: {System.Text.Encoding.UTF8.GetString(x, Math.Max(0, at - 20), Math.Min(60, x.Length - Math.Max(0, at - 20)))} against {System.Text.Encoding.UTF8.GetString(y, Math.Max(0, at - 20), Math.Min(60, y.Length - Math.Max(0, at - 20)))}");
        }
    }

    [Fact]
    public void Report_MissingAndEmptyTables_SayWhichTable()
    {
        var copy = run.Temp.File("copy-missing");
        CopyDir(run.RunDir, copy);
        Directory.Delete(Path.Combine(copy, "graph"), recursive: true);
        var (code, _, err) = Report(copy);
        Assert.True(code == 0, err);
        var html = File.ReadAllText(Path.Combine(copy, "report", "index.html"));
        Assert.Contains("skipped: needs graph/ablation.arrow", html);
        Assert.Contains("skipped: needs graph/misclassified.arrow", html);
        Assert.DoesNotContain("<figure id=\"fig05-ablation\">", html);

        // Post-learning is off in the configuration: its table is written with no rows.
        Assert.Contains("not drawn: lyapunov/post_learning.arrow is present but has no rows", html);
    }

    [Fact]
    public void Report_NotARunDirectory_ExitsTwoWithOneLine()
    {
        var empty = run.Temp.File("empty");
        Directory.CreateDirectory(empty);
        var (code, _, err) = Report(empty);
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains(empty, err);
        Assert.Contains("runs.arrow", err);
        Assert.False(File.Exists(Path.Combine(empty, "report", "index.html")));
    }

    [Fact]
    public void Report_UnreadableTable_ExitsTwoNamingTheFile()
    {
        var copy = run.Temp.File("copy-bad");
        CopyDir(run.RunDir, copy);
        var bad = Path.Combine(copy, "lyapunov", "summary.arrow");
        File.WriteAllText(bad, "not an arrow file");
        var (code, _, err) = Report(copy);
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains(bad, err);
    }

    private static void CopyDir(string from, string to)
    {
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(d.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(f, f.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
