using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Cli;

public sealed class RqaPlotTests
{
    [Fact]
    public async Task Rqa_WithPlot_WritesPngOfRecurrencePlot()
    {
        using var tmp = new TempDir();
        var csv = tmp.File("logistic.csv");
        var x = 0.3;
        var lines = new List<string> { "x" };
        for (var i = 0; i < 400; i++)
        {
            x = 4 * x * (1 - x);
            lines.Add(x.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }

        await File.WriteAllLinesAsync(csv, lines);
        var png = tmp.File("rp.png");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await NetOrbit.Cli.Program.BuildRoot(stdout, stderr).Parse(["rqa", csv, "--threshold", "0.05", "--plot", png]).InvokeAsync();
        Assert.True(code == 0, stderr.ToString());
        Assert.Contains("plot", stdout.ToString());
        var bytes = await File.ReadAllBytesAsync(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.False(File.Exists(png + ".tmp.png"));
    }
}
