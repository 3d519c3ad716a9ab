using System.Diagnostics;
using System.Runtime.CompilerServices;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Training;

namespace NetOrbit.Pipeline;

/// <summary>
/// Trains one run (a reference network and its perturbed copies in lock-step) and streams its
/// snapshots as <c>trajectories/1</c> record batches, then its <see cref="RunResult"/>.
/// Snapshot t holds W(t) with the training loss and accuracy at W(t).
/// </summary>
internal static class EnsembleRun
{
    /// <summary>
    /// Rows per emitted batch: at most this many all-member snapshot steps. A batch is sent when the
    /// next step's rows might not fit, so steps with the reference alone fill it too (boundaries
    /// depend only on the snapshot grid, never on timing).
    /// </summary>
    internal const int StepsPerBatch = 64;

    /// <summary>
    /// Steps per member-distance batch: a few kilobytes per batch, so the hand-off to the stages
    /// (a Dataflow message and a thread switch) is paid once per thousand steps.
    /// </summary>
    internal const int DistanceStepsPerBatch = 1024;

    public static MlpSpec Spec(ExperimentPlan plan, RunInfo run) => Spec(plan.Config.Architecture, run);

    public static MlpSpec Spec(Config.ArchitectureConfig a, RunInfo run)
    {
        return new MlpSpec(
            run.Layout.LayerSizes,
            a.Activation switch { "tanh" => HiddenActivation.Tanh, "relu" => HiddenActivation.Relu, _ => HiddenActivation.Sigmoid },
            a.Output == "sigmoid" ? OutputActivation.Sigmoid : OutputActivation.Softmax);
    }

    public static INetworkModel CreateModel(ExperimentPlan plan, RunInfo run) => new NetworkModel(Spec(plan, run));

    /// <summary>
    /// Trains <paramref name="run"/>, emitting snapshots on <paramref name="grid"/> (the reference's
    /// steps, and the steps of every member) and, when <paramref name="memberDistances"/> is set, the
    /// member distances of every step. With <paramref name="tracks"/>, the reference is replayed when another run of
    /// the same initial condition has trained it, else recorded for the others.
    /// </summary>
    public static async IAsyncEnumerable<Running.RunEvent> TrainAsync(ExperimentPlan plan, RunInfo run, SnapshotGrid grid, bool memberDistances, RunProgress progress, ReferenceTracks? tracks, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        var clock = Stopwatch.StartNew();
        var c = plan.Config;
        var dataset = plan.Dataset(run.Dataset);
        var spec = Spec(plan, run);
        var init = c.Initialization.Scheme switch { "glorot" => WeightInit.Glorot, "he" => WeightInit.He, _ => WeightInit.Normal };
        var target = c.Perturbations.Target == "all" ? PerturbationTarget.All : PerturbationTarget.Weights;
        var initial = ParameterInitializer.Ensemble(spec, init, run.InitSeed, run.Members, run.Epsilon, target, run.PerturbationSeed);
        var options = c.Optimizer.Type == "sgd"
            ? new TrainerOptions { Optimizer = OptimizerKind.MiniBatch, BatchSize = c.Optimizer.BatchSize, ShuffleSeed = c.Optimizer.ShuffleSeed }
            : TrainerOptions.Default;
        var miniBatch = options.Optimizer == OptimizerKind.MiniBatch;
        var trainer = new EnsembleTrainer(spec, run.Members, dataset.Train, options);
        for (var m = 0; m < run.Members; m++)
        {
            trainer.SetParameters(m, initial[m]);
        }

        var shared = tracks is not null && ReferenceTracks.Applies(run) ? tracks : null;
        ReferenceTrack? recording = null;
        var record = false;
        if (shared?.Begin(run, out record) is { } track)
        {
            trainer.ReplayReference(track);
        }
        else if (record)
        {
            recording = trainer.RecordReference(run.Steps);
        }

        var members = run.Members;
        var p = spec.ParameterCount;
        var hasTest = dataset.Test.Count > 0 && c.EvaluateEvery > 0;
        var schema = grid.Reference > 0 ? TrajectoryTable.CreateSchema(run.Layout) : null;
        var builder = schema is null ? null : new TrajectoryBatchBuilder(run, schema, System.Buffers.ArrayPool<double>.Shared, StepsPerBatch * run.Members);
        var distances = memberDistances && members > 1 ? new MemberDistanceBuilder(run, DistanceStepsPerBatch) : null;
        var before = new double[members * p];
        var testLoss = new double?[members];
        var testAcc = new double?[members];
        var batchRows = StepsPerBatch * run.Members;
        var reported = 0L;

        try
        {
            for (var t = 0; t <= run.Steps; t++)
            {
                ct.ThrowIfCancellationRequested();
                var snapshot = grid.HasReference(t);
                var evaluate = hasTest && t % c.EvaluateEvery == 0;
                // Members whose snapshot is emitted at t: all of them, only the reference, or none.
                var emitted = !snapshot ? 0 : grid.HasAllMembers(t) ? members : 1;
                if (distances is not null && !trainer.IsDiverged(0))
                {
                    // Distances at W(t), straight from the trainer's buffers; members found diverged by
                    // this step are marked absent below.
                    distances.AddStep(t);
                    var reference = trainer.Parameters(0);
                    for (var m = 1; m < members; m++)
                    {
                        if (!trainer.IsDiverged(m))
                        {
                            distances.Set(m, reference, trainer.Parameters(m));
                        }
                    }
                }

                if (snapshot)
                {
                    for (var m = 0; m < emitted; m++)
                    {
                        if (!trainer.IsDiverged(m))
                        {
                            trainer.Parameters(m).CopyTo(before.AsSpan(m * p, p));
                        }

                        (testLoss[m], testAcc[m]) = evaluate && !trainer.IsDiverged(m) ? trainer.Evaluate(m, dataset.Test) : ((double?)null, (double?)null);
                    }
                }

                // Loss and accuracy at W(t): the step computes them on the way; the last snapshot and
                // mini-batch training (whose step sees one batch) measure the whole training split.
                if (t == run.Steps || (snapshot && miniBatch))
                {
                    trainer.MeasureCurrent();
                }

                if (t < run.Steps)
                {
                    if (snapshot && miniBatch)
                    {
                        var (losses, accs) = (trainer.Losses.ToArray(), trainer.Accuracies.ToArray());
                        trainer.Step(run.Eta);
                        Append(builder!, trainer, emitted, before, losses, accs, testLoss, testAcc, t, p);
                    }
                    else
                    {
                        trainer.Step(run.Eta);
                        if (snapshot)
                        {
                            Append(builder!, trainer, emitted, before, trainer.Losses, trainer.Accuracies, testLoss, testAcc, t, p);
                        }
                    }
                }
                else if (snapshot)
                {
                    Append(builder!, trainer, emitted, before, trainer.Losses, trainer.Accuracies, testLoss, testAcc, t, p);
                }

                if (distances is not null)
                {
                    MarkDiverged(distances, trainer, t);
                    if (distances.Length == DistanceStepsPerBatch)
                    {
                        yield return Running.RunEvent.Of(distances.Build());
                    }
                }

                if (snapshot && (builder!.Length + members > batchRows || t == run.Steps) && builder.Length > 0)
                {
                    yield return Running.RunEvent.Of(builder.BuildSnapshots());
                }

                if ((t & 1023) == 1023)
                {
                    progress.AddSteps((t + 1 - reported) * members);
                    reported = t + 1;
                }

                if (trainer.LiveMembers == 0)
                {
                    break;
                }
            }

            if (recording is not null)
            {
                shared!.Publish(run, recording);
            }

            if (builder is { Length: > 0 })
            {
                yield return Running.RunEvent.Of(builder.BuildSnapshots());
            }

            if (distances is { Length: > 0 })
            {
                yield return Running.RunEvent.Of(distances.Build()); // the last steps, or those before every member diverged
            }

            progress.AddSteps((run.Steps - reported) * members);
            progress.AddCoincident(trainer.CoincidentMemberSteps);
            progress.RunDone();
            yield return Running.RunEvent.Of(Result(run, trainer, initial, dataset, clock.Elapsed.TotalSeconds));
        }
        finally
        {
            shared?.Finished(run);
        }
    }

    private static void MarkDiverged(MemberDistanceBuilder distances, EnsembleTrainer trainer, long step)
    {
        if (distances.LastStep != step)
        {
            return;
        }

        var diverged = trainer.DivergedSteps;
        for (var m = trainer.Members - 1; m >= 0; m--)
        {
            if (diverged[m] == step)
            {
                distances.MarkAbsent(m);
            }
        }
    }

    private static void Append(TrajectoryBatchBuilder builder, EnsembleTrainer trainer, int emitted, double[] weights, ReadOnlySpan<double> losses, ReadOnlySpan<double> accuracies, double?[] testLoss, double?[] testAcc, long step, int p)
    {
        var diverged = trainer.DivergedSteps;
        for (var m = 0; m < emitted; m++)
        {
            if (diverged[m] >= 0 && diverged[m] <= step)
            {
                continue;
            }

            builder.Append(m, step, losses[m], accuracies[m], weights.AsSpan(m * p, p), testLoss[m], testAcc[m]);
        }
    }

    private static RunResult Result(RunInfo run, EnsembleTrainer trainer, double[][] initial, Data.Dataset dataset, double seconds)
    {
        var members = run.Members;
        var finalLoss = new double[members];
        var finalAcc = new double[members];
        var finalTest = new double[members];
        var finalWeights = new double[members][];
        for (var m = 0; m < members; m++)
        {
            finalWeights[m] = trainer.Parameters(m).ToArray();
            (finalLoss[m], finalAcc[m]) = trainer.Evaluate(m, dataset.Train);
            finalTest[m] = dataset.Test.Count > 0 ? trainer.Evaluate(m, dataset.Test).Accuracy : double.NaN;
        }

        var diverged = trainer.DivergedSteps.ToArray();
        return new RunResult
        {
            Run = run,
            Status = diverged.Any(s => s >= 0) ? RunStatus.Diverged : RunStatus.Ok,
            DivergedStep = diverged,
            FinalLoss = finalLoss,
            FinalAccuracy = finalAcc,
            FinalTestAccuracy = finalTest,
            InitialWeights = initial,
            FinalWeights = finalWeights,
            WallSeconds = seconds,
        };
    }
}
