using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Recurrence;

/// <summary>
/// The <c>recurrence</c> stage: keeps every k-th snapshot of the analysed members and, when a run
/// completes, writes the RQA of each member's whole weight trajectory and of its windows. A member
/// whose trajectory is too short for the Theiler window gets a <c>too_short</c> row of NaN measures;
/// a member that diverged is analysed over its finite snapshots and marked <c>diverged</c>.
/// </summary>
internal sealed class RecurrenceStage : IAnalysisStage
{
    private readonly RecurrenceOptions _options;
    private readonly TableDefinition _rqa;
    private readonly TableDefinition _windowed;

    internal RecurrenceStage(RecurrenceOptions options)
    {
        _options = options;
        _rqa = RecurrenceTables.Definition(RecurrenceTables.RqaName, options);
        _windowed = RecurrenceTables.Definition(RecurrenceTables.WindowedName, options);
    }

    public string Name => RecurrenceStageFactory.StageName;

    public int SnapshotInterval => _options.Every;

    public IReadOnlyList<TableDefinition> Tables => [_rqa, _windowed];

    /// <summary>Every table is per run; there is no experiment-level state.</summary>
    public IStageExperiment Start(StageContext context) => new PerRunExperiment((run, runContext) => new Run(this, run, runContext.Threads));

    /// <param name="threads">The experiment's thread budget: the RQA of a run uses at most this many threads.</param>
    private sealed class Run(RecurrenceStage stage, RunInfo run, int threads) : IStageRun
    {
        private readonly int _members = stage._options.AllMembers ? run.Members : 1;
        private readonly List<double>[] _weights = [.. Enumerable.Range(0, stage._options.AllMembers ? run.Members : 1).Select(_ => new List<double>())];
        private readonly List<long>[] _steps = [.. Enumerable.Range(0, stage._options.AllMembers ? run.Members : 1).Select(_ => new List<long>())];
        private readonly bool[] _stopped = new bool[stage._options.AllMembers ? run.Members : 1];

        public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
        {
            // The pipeline delivers only the steps on the stage's interval (options.Every).
            for (int row = 0; row < batch.Length; row++)
            {
                int m = batch.Member(row);
                long step = batch.Step(row);
                if (m >= _members || _stopped[m])
                {
                    continue;
                }

                var w = batch.Weights(row);
                foreach (double x in w)
                {
                    if (!double.IsFinite(x))
                    {
                        _stopped[m] = true;
                        break;
                    }
                }

                if (!_stopped[m])
                {
                    _weights[m].AddRange(w);
                    _steps[m].Add(step);
                }
            }
        }

        public void OnCompleted(RunResult result, IStageOutput output)
        {
            var options = stage._options;
            var rqa = options.Rqa with { MaxDegreeOfParallelism = threads };
            int p = run.Layout.Count;
            var wholeRows = stage._rqa.Rows(_members, run.RunId);
            var windowRows = stage._windowed.Rows(0, run.RunId);
            for (int m = 0; m < _members; m++)
            {
                int n = _steps[m].Count;
                long first = n > 0 ? _steps[m][0] : 0;
                bool diverged = _stopped[m] || (m < result.DivergedStep.Length && result.DivergedStep[m] >= 0);
                if (n < 2 || n <= rqa.TheilerWindow)
                {
                    RecurrenceTables.AddRow(wholeRows, m, first, n, options.Every, "too_short", null);
                    continue;
                }

                var states = StateSet.FromRowMajor(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_weights[m]), p, "weights");
                double eps = ThresholdResolver.Resolve(states, rqa.Metric, rqa.Threshold, rqa.Workers);
                string status = diverged ? "diverged" : "ok";
                RecurrenceTables.AddRow(wholeRows, m, first, n, options.Every, status, RecurrenceQuantifier.Quantify(states, eps, rqa));
                if (n >= options.Window)
                {
                    foreach (var w in WindowedRqa.Compute(states, eps, rqa, options.Window, options.Step))
                    {
                        RecurrenceTables.AddRow(windowRows, m, _steps[m][w.Start], w.Length, options.Every, status, w.Result);
                    }
                }
            }

            // Both tables get a batch from every run, an empty one included.
            output.Append(stage._rqa.Name, wholeRows.Build());
            output.Append(stage._windowed.Name, windowRows.Build());
        }
    }
}
