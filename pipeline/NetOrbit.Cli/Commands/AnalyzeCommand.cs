using System.CommandLine;
using System.Text.Json;
using NetOrbit.Pipeline;
using NetOrbit.Config;
using NetOrbit.Running;
using NetOrbit.Stages;

namespace NetOrbit.Cli.Commands;

/// <summary>
/// <c>netorbit analyze INPUT... [--stage NAME]... [--stages FILE] [--out DIR]</c>: runs analysis
/// stages on recorded trajectories (a run directory, or trajectories/1 files from any tool).
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new Argument<string[]>("inputs") { Arity = ArgumentArity.OneOrMore, Description = "Run directories, folders of trajectory files, or trajectory .arrow files." };
        var stage = new Option<string[]>("--stage") { Description = "A stage to run with its default options (repeatable).", DefaultValueFactory = _ => [] };
        var stages = new Option<string?>("--stages") { Description = "JSON file: { \"stage name\": { options }, ... }." };
        var outDir = new Option<string?>("--out") { Description = "Where stage tables go (default: the run directory for one run directory, else ./analysis)." };
        var threads = new Option<int>("--threads") { Description = "Runs read in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var plugins = new Option<string[]>("--plugin") { Description = "Assembly with extra analysis stages (repeatable).", DefaultValueFactory = _ => [] };
        var model = new Option<string?>("--model") { Description = "Regime model (model.zip from 'netorbit regimes train'): sets the regimes stage's model option." };
        var command = new Command("analyze", "Run analysis stages on recorded trajectories.") { inputs, stage, stages, outDir, threads, plugins, model };
        command.SetAction((parse, ct) => ExecuteAsync(parse.GetValue(inputs)!, parse.GetValue(stage) ?? [], parse.GetValue(stages), parse.GetValue(outDir), parse.GetValue(threads), parse.GetValue(plugins) ?? [], stdout, stderr, ct, parse.GetValue(model)));
        return command;
    }

    internal static async Task<int> ExecuteAsync(string[] inputs, string[] stageNames, string? stagesFile, string? outDir, int threads, string[] plugins, TextWriter stdout, TextWriter stderr, CancellationToken ct, string? model = null)
    {
        TrajectoryAnalysis analysis;
        List<IAnalysisStage> built;
        try
        {
            var catalog = BuiltInStages.CreateCatalog();
            foreach (var p in plugins)
            {
                catalog.LoadPlugin(p);
            }

            analysis = TrajectoryAnalysis.Open(inputs);
            var requested = Requested(stageNames, stagesFile, analysis.Config);
            if (model is not null)
            {
                requested = WithModel(requested, model);
            }

            if (requested.Count == 0)
            {
                await stderr.WriteLineAsync($"error: no stage to run: name one with --stage ({string.Join(", ", catalog.Names)}) or give --stages FILE");
                return ExitCodes.BadInput;
            }

            var errors = new ConfigErrors();
            built = [];
            foreach (var (name, path, options) in requested)
            {
                var factory = catalog.Find(name);
                if (factory is null)
                {
                    errors.Add(path, $"unknown stage '{name}': known stages are {string.Join(", ", catalog.Names)}");
                }
                else if (factory.Create(options, path, errors) is { } s)
                {
                    built.Add(s);
                }
            }

            if (!errors.IsEmpty)
            {
                throw new ConfigException(stagesFile ?? "--stage", errors.Errors);
            }
        }
        catch (ConfigException e)
        {
            await stderr.WriteLineAsync($"error: {e.File}: {e.Errors[0]}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is InputFileException or PluginException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        var dir = outDir ?? (inputs.Length == 1 && File.Exists(Path.Combine(inputs[0], "manifest.json")) ? inputs[0] : "analysis");
        try
        {
            await analysis.RunAsync(built, dir, Math.Max(1, threads), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled: no stage table was written");
            return ExitCodes.Cancelled;
        }
        catch (StageFailedException e) when (e.InnerException is InputFileException input)
        {
            await stderr.WriteLineAsync($"error: stage '{e.Stage}': {input.Message}");
            return ExitCodes.BadInput;
        }
        catch (StageFailedException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failed;
        }

        await stdout.WriteLineAsync($"analysed {analysis.Runs.Count} runs with {string.Join(", ", built.Select(s => s.Name))} -> {dir}");
        return ExitCodes.Ok;
    }

    /// <summary>--model: the regimes stage (added when absent) with its <c>model</c> option set, its other options kept.</summary>
    private static List<(string Name, string Path, JsonElement Options)> WithModel(List<(string Name, string Path, JsonElement Options)> requested, string model)
    {
        if (!requested.Any(r => r.Name == "regimes"))
        {
            using var empty = JsonDocument.Parse("{}");
            requested.Add(("regimes", "--model", empty.RootElement.Clone()));
        }

        return [.. requested.Select(r =>
        {
            if (r.Name != "regimes" || r.Options.ValueKind != JsonValueKind.Object)
            {
                return r;
            }

            var o = System.Text.Json.Nodes.JsonObject.Create(r.Options) ?? [];
            o["model"] = model;
            using var doc = JsonDocument.Parse(o.ToJsonString());
            return (r.Name, r.Path, doc.RootElement.Clone());
        })];
    }

    private static List<(string Name, string Path, JsonElement Options)> Requested(string[] names, string? file, ExperimentConfig? config)
    {
        var list = new List<(string, string, JsonElement)>();
        if (file is not null)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = false });
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                throw new ConfigException(file, [new ConfigError("$", $"not a readable JSON object of stage options ({e.Message})")]);
            }

            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigException(file, [new ConfigError("$", "expected an object: { \"stage name\": { options } }")]);
            }

            list.AddRange(doc.RootElement.EnumerateObject().Select(p => (p.Name, $"$.{p.Name}", p.Value.Clone())));
        }

        using var empty = JsonDocument.Parse("{}");
        list.AddRange(names.Select(n => (n, $"--stage {n}", empty.RootElement.Clone())));
        if (list.Count == 0 && config is not null)
        {
            list.AddRange(config.Stages);
        }

        return list;
    }
}
