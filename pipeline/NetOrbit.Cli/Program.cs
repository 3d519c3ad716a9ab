using System.CommandLine;
using NetOrbit.Cli.Commands;

namespace NetOrbit.Cli;

/// <summary>The <c>netorbit</c> command line.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => BuildRoot(Console.Out, Console.Error).Parse(args).InvokeAsync();

    internal static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("NetOrbit: neural-network training as a dynamical system. Trains network ensembles, records their weight trajectories as Arrow files and analyses their stability.");
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(SchemaCommand.Create(stdout, stderr));
        root.Subcommands.Add(AnalyzeCommand.Create(stdout, stderr));
        root.Subcommands.Add(SeriesCommands.Lyapunov(stdout, stderr));
        root.Subcommands.Add(SeriesCommands.Rqa(stdout, stderr));
        root.Subcommands.Add(BenchCommand.Create(stdout, stderr));
        return root;
    }
}
