using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Testing;

/// <summary>What <see cref="ProbeStage"/> does besides delegating to the stage under test.</summary>
internal enum ProbeMode
{
    /// <summary>Splits every snapshot and member-distance batch into smaller step-aligned batches.</summary>
    Rebatch,

    /// <summary>Throws <see cref="InjectedFaultException"/> on the N-th call (or in Complete).</summary>
    Fail,

    /// <summary>Requests cancellation on the N-th call, then carries on.</summary>
    Cancel,
}

/// <summary>
/// A decorator around the stage under test: same name, tables, interval and outputs, so its tables
/// must equal the stage's own; it only changes how data arrives (re-batching) or injects a fault or
/// a cancellation at a call chosen by count, never by time.
/// </summary>
internal sealed class ProbeStage(IAnalysisStage inner, ProbeMode mode, int atCall = 1, CancellationTokenSource? cancel = null) : IAnalysisStage, IStageSummary
{
    // Step counts of the re-batched pieces, cycled, so boundaries fall at irregular steps.
    private static readonly int[] PieceSteps = [1, 3, 2, 5];

    public ProbeMode Mode => mode;

    public int AtCall => atCall;

    public CancellationTokenSource? Cancel => cancel;

    public string Name => inner.Name;

    public int SnapshotInterval => inner.SnapshotInterval;

    public bool UsesMemberDistances => inner.UsesMemberDistances;

    public IReadOnlyList<TableDefinition> Tables => inner.Tables;

    public IStageExperiment Start(StageContext context) => new Experiment(this, inner.Start(context));

    public IReadOnlyList<string> SummaryTables => inner is IStageSummary s ? s.SummaryTables : [];

    public void Summarize(StageSummaryInput input, IStageOutput output) => ((IStageSummary)inner).Summarize(input, output);

    private sealed class Experiment(ProbeStage probe, IStageExperiment inner) : IStageExperiment
    {
        private int _calls;
        private bool _fired;

        public IStageRun StartRun(RunInfo run, RunContext context) => new Run(this, inner.StartRun(run, context));

        public void Complete(IStageOutput output)
        {
            if (probe.Mode == ProbeMode.Fail && !_fired)
            {
                _fired = true;
                throw new InjectedFaultException(probe.Name, "Complete");
            }

            inner.Complete(output);
        }

        // Called before each delegated call; the pipeline calls one stage from one thread at a time.
        public void Call(string method)
        {
            if (_fired || probe.Mode == ProbeMode.Rebatch || ++_calls < probe.AtCall)
            {
                return;
            }

            _fired = true;
            if (probe.Mode == ProbeMode.Fail)
            {
                throw new InjectedFaultException(probe.Name, $"{method} (call {_calls})");
            }

            // CancelAsync signals at once and runs the token's callbacks elsewhere, so the stage's
            // own call is not re-entered by the pipeline's cancellation handlers.
            _ = probe.Cancel!.CancelAsync();
        }

        public bool Rebatch => probe.Mode == ProbeMode.Rebatch;
    }

    private sealed class Run(Experiment experiment, IStageRun inner) : IStageRun
    {
        private int _piece;

        public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
        {
            experiment.Call(nameof(OnSnapshots));
            if (!experiment.Rebatch)
            {
                inner.OnSnapshots(batch, output);
                return;
            }

            var row = 0;
            while (row < batch.Length)
            {
                var builder = new TrajectoryBatchBuilder(batch.Run, batch.Batch.Schema);
                var steps = PieceSteps[_piece++ % PieceSteps.Length];
                var step = batch.Step(row);
                while (row < batch.Length && (batch.Step(row) == step || steps > 1))
                {
                    if (batch.Step(row) != step)
                    {
                        step = batch.Step(row);
                        steps--;
                    }

                    builder.Append(batch, row++);
                }

                using var piece = builder.Build();
                inner.OnSnapshots(new SnapshotBatch(batch.Run, piece), output);
            }
        }

        public void OnMemberDistances(MemberDistanceBatch batch, IStageOutput output)
        {
            experiment.Call(nameof(OnMemberDistances));
            if (!experiment.Rebatch)
            {
                inner.OnMemberDistances(batch, output);
                return;
            }

            for (var start = 0; start < batch.Length;)
            {
                var length = Math.Min(PieceSteps[_piece++ % PieceSteps.Length] * 7, batch.Length - start);
                inner.OnMemberDistances(batch.Slice(start, length), output);
                start += length;
            }
        }

        public void OnCompleted(RunResult result, IStageOutput output)
        {
            experiment.Call(nameof(OnCompleted));
            inner.OnCompleted(result, output);
        }
    }
}
