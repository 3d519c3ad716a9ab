using System.CommandLine;
using System.Diagnostics;
using NetOrbit.Report;

namespace NetOrbit.Cli.Commands;

/// <summary>
/// <c>netorbit report RUN_DIR [--out DIR]</c>: writes index.html and every figure as PNG and SVG from
/// the tables a run directory holds (default RUN_DIR/report).
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var runDir = new Argument<string>("run-dir") { Description = "A run directory (holding runs.arrow), e.g. the --out of netorbit run." };
        var outDir = new Option<string?>("--out") { Description = "Where index.html and the figures go (default: RUN_DIR/report)." };
        var command = new Command("report", "Write the report (index.html, figures as PNG and SVG) of a run directory.") { runDir, outDir };
        command.SetAction((parse, ct) => Task.FromResult(Execute(parse.GetValue(runDir)!, parse.GetValue(outDir), stdout, stderr, ct)));
        return command;
    }

    internal static int Execute(string runDir, string? outDir, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var dir = outDir ?? Path.Combine(runDir, "report");
        var clock = Stopwatch.StartNew();
        ReportSummary summary;
        try
        {
            summary = ReportWriter.Write(runDir, dir, ct);
        }
        catch (InputFileException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            stderr.WriteLine("cancelled: index.html was not written");
            return ExitCodes.Cancelled;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"error: {dir}: {e.Message}");
            return ExitCodes.Failed;
        }

        stdout.WriteLine($"report: {summary.Figures} figures (PNG and SVG), {summary.Notes} not drawn (see the page) in {clock.Elapsed.TotalSeconds:0.0} s -> {summary.IndexPath}");
        return ExitCodes.Ok;
    }
}
