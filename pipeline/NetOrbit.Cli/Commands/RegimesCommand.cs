using System.CommandLine;
using System.Text.Json.Nodes;
using NetOrbit.Config;
using NetOrbit.Pipeline;
using NetOrbit.Regimes;
using NetOrbit.Running;
using NetOrbit.Stages;

namespace NetOrbit.Cli.Commands;

/// <summary>
/// <c>netorbit regimes train [RUN_DIR | CONFIG]... [--config CONFIG]... [--work DIR] --out model.zip [--evaluation FILE] [--seed N]</c>:
/// trains the regime classifier on the labelled runs of run directories (stages/Regimes/README.md).
/// </summary>
internal static class RegimesCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new Argument<string[]>("inputs") { Arity = ArgumentArity.ZeroOrMore, Description = "Run directories with regimes/features.arrow, regimes/labels.arrow and runs.arrow, or experiment configurations (files) to run first, as with --config." };
        var config = new Option<string[]>("--config") { Description = "Experiment configuration to run first (repeatable; its runs are added to the run directories); the regimes stage is added when absent, with model none unless the configuration names one.", DefaultValueFactory = _ => [] };
        var work = new Option<string?>("--work") { Description = "Folder for the --config runs, one run directory per configuration named after its experiment (default: a temporary folder, removed afterwards)." };
        var outPath = new Option<string>("--out") { Description = "Model file to write (model.zip).", Required = true };
        var evaluation = new Option<string?>("--evaluation") { Description = "Evaluation report to write (JSON)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the folds, the trainers and the permutations.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Runs trained in parallel for --config.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var train = new Command("train", "Train and evaluate the regime classifier; save the best model.") { inputs, config, work, outPath, evaluation, seed, threads };
        // A file among the inputs is a configuration; anything else is taken as a run directory.
        train.SetAction((parse, ct) => TrainAsync(
            [.. (parse.GetValue(inputs) ?? []).Where(i => !File.Exists(i))],
            [.. (parse.GetValue(inputs) ?? []).Where(File.Exists), .. parse.GetValue(config) ?? []], parse.GetValue(work), parse.GetValue(outPath)!, parse.GetValue(evaluation), parse.GetValue(seed), parse.GetValue(threads), stdout, stderr, ct));
        return new Command("regimes", "Regime classifier (ML.NET) on the regimes stage's features and labels.") { train };
    }

    internal static async Task<int> TrainAsync(string[] runDirs, string[] configs, string? workDir, string outPath, string? evaluationPath, int seed, int threads, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (runDirs.Length == 0 && configs.Length == 0)
        {
            await stderr.WriteLineAsync("error: give run directories or --config CONFIG");
            return ExitCodes.BadInput;
        }

        var dirs = runDirs.ToList();
        string? temporary = null;
        try
        {
            foreach (var configPath in configs)
            {
                Experiment experiment;
                try
                {
                    experiment = ExperimentBuilder.FromFile(configPath)
                        .Configure(c =>
                        {
                            if (c["stages"] is not JsonObject stages)
                            {
                                c["stages"] = stages = [];
                            }

                            if (!stages.ContainsKey("regimes"))
                            {
                                stages["regimes"] = new JsonObject();
                            }

                            // The training sweep needs features and labels, not a model's predictions.
                            if (stages["regimes"] is JsonObject regimes && !regimes.ContainsKey("model"))
                            {
                                regimes["model"] = RegimesOptions.NoModel;
                            }
                        })
                        .Build();
                }
                catch (ConfigException e)
                {
                    await stderr.WriteLineAsync(RunCommand.Describe(e));
                    return ExitCodes.BadInput;
                }

                var root = workDir ?? (temporary ??= Path.Combine(Path.GetTempPath(), "netorbit-regimes-" + Guid.NewGuid().ToString("N")));
                var dir = Path.Combine(root, experiment.Name);
                if (dirs.Contains(dir))
                {
                    // Two configurations of one name would share (and overwrite) one run directory.
                    await stderr.WriteLineAsync($"error: {configPath}: experiment name '{experiment.Name}' is used by an earlier --config; give each configuration its own name");
                    return ExitCodes.BadInput;
                }

                await stdout.WriteLineAsync($"running '{experiment.Name}': {experiment.Runs.Count} runs -> {dir}");
                await experiment.RunAsync(dir, new ExperimentRunOptions { Threads = Math.Max(1, threads) }, ct);
                dirs.Add(dir);
            }

            List<RegimeExample> examples;
            RegimeTrainingResult result;
            try
            {
                examples = RegimeExamples.Read(dirs);
                result = RegimeTrainer.Train(examples, seed, ct: ct);
            }
            catch (InputFileException e)
            {
                await stderr.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (ArgumentException e)
            {
                await stderr.WriteLineAsync($"error: {Path.Combine(dirs[0], "regimes", "labels.arrow")}{(dirs.Count > 1 ? $" (and {dirs.Count - 1} more)" : "")}: {e.Message.Split(" (Parameter")[0]}");
                return ExitCodes.BadInput;
            }

            result.SaveModel(outPath);
            if (evaluationPath is not null)
            {
                result.SaveEvaluation(evaluationPath);
            }

            var e2 = result.Evaluation;
            var baselines = e2["baselines"]!;
            await stdout.WriteLineAsync(
                $"trained on {examples.Count} runs ({e2["folds"]} grouped folds): chosen {result.Trainer}, macro-F1 {(double)e2["trainers"]![result.Trainer]!["macro_f1_mean"]!:F3}"
                + $" (majority {(double)baselines["majority_class"]!["macro_f1_mean"]!:F3}, best threshold {(double)baselines["best_single_feature_threshold"]!["macro_f1_mean"]!:F3}) -> {outPath}");
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled: no model was written");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is StageFailedException or IOException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failed;
        }
        finally
        {
            if (temporary is not null && Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }
}
