using System.CommandLine;
using System.Runtime.InteropServices;
using NetOrbit.Cli.Commands;

namespace NetOrbit.Cli;

/// <summary>The <c>netorbit</c> command line.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Ctrl+C and SIGTERM cancel the work; the commands then remove incomplete files and return 130.
        // A second Ctrl+C is left to the runtime's default (immediate exit).
        using var cts = new CancellationTokenSource();
        void Cancel(PosixSignalContext context)
        {
            if (!cts.IsCancellationRequested)
            {
                context.Cancel = true;
                cts.Cancel();
            }
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        return await BuildRoot(Console.Out, Console.Error).Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cts.Token);
    }

    internal static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("NetOrbit: neural-network training as a dynamical system. Trains network ensembles, records their weight trajectories as Arrow files and analyses their stability.");
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(MergeCommand.Create(stdout, stderr));
        root.Subcommands.Add(SchemaCommand.Create(stdout, stderr));
        root.Subcommands.Add(AnalyzeCommand.Create(stdout, stderr));
        root.Subcommands.Add(RegimesCommand.Create(stdout, stderr));
        root.Subcommands.Add(SeriesCommands.Lyapunov(stdout, stderr));
        root.Subcommands.Add(SeriesCommands.Rqa(stdout, stderr));
        root.Subcommands.Add(ReportCommand.Create(stdout, stderr));
        root.Subcommands.Add(LrScanCommand.Create(stdout, stderr));
        root.Subcommands.Add(BenchCommand.Create(stdout, stderr));
        return root;
    }
}
