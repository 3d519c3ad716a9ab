using System.CommandLine;
using NetOrbit.Pipeline;
using NetOrbit.Stages;

namespace NetOrbit.Cli.Commands;

/// <summary><c>netorbit merge SHARD_DIR... --out DIR [--plugin DLL]</c>: one run directory from the shards of an experiment.</summary>
internal static class MergeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var shards = new Argument<string[]>("shards") { Arity = ArgumentArity.OneOrMore, Description = "The run directories of every shard (netorbit run --shard I/N), in any order." };
        var outDir = new Option<string>("--out") { Description = "The merged run directory (missing, empty, or an earlier merge).", Required = true };
        var plugins = new Option<string[]>("--plugin") { Description = "Assembly with the plugin stages the shards ran (repeatable).", AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing on success." };
        var command = new Command("merge", "Merge the run directories of the shards of one experiment into one, row for row the run directory of a single machine.") { shards, outDir, plugins, quiet };
        command.SetAction((parse, ct) => ExecuteAsync(parse.GetValue(shards) ?? [], parse.GetValue(outDir)!, parse.GetValue(plugins) ?? [], parse.GetValue(quiet), stdout, stderr, ct));
        return command;
    }

    internal static async Task<int> ExecuteAsync(string[] shards, string outDir, string[] plugins, bool quiet, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        StageCatalog catalog;
        try
        {
            catalog = BuiltInStages.CreateCatalog();
            foreach (var p in plugins)
            {
                catalog.LoadPlugin(p);
            }
        }
        catch (PluginException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        try
        {
            var result = await ShardMerge.MergeAsync(shards, outDir, catalog, ct);
            if (!quiet)
            {
                await stdout.WriteLineAsync($"merged {result.Shards} shard(s), {result.Runs} runs -> {result.OutputDirectory}");
            }

            return ExitCodes.Ok;
        }
        catch (InputFileException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"cancelled: {outDir} is incomplete (no manifest.json); merge again");
            return ExitCodes.Cancelled;
        }
        catch (IOException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
