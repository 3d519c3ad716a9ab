using Apache.Arrow;
using NetOrbit.Contracts;

namespace NetOrbit.Stages;

/// <summary>
/// Implemented by a stage whose experiment-level tables (summaries across runs) are a function of
/// its own per-run tables. The pipeline then computes those tables with <see cref="Summarize"/>
/// from the per-run rows on disk, never from state kept in memory, so a run directory that was
/// resumed after a kill, or merged from shards trained on several machines, gets the same summary
/// as a single uninterrupted run. A stage that writes experiment-level rows from
/// <see cref="IStageExperiment.Complete"/> without this interface still runs, but its run
/// directories cannot be resumed or merged (the pipeline refuses with an error naming the stage).
/// </summary>
public interface IStageSummary
{
    /// <summary>The tables written only by <see cref="Summarize"/> (a subset of <see cref="IAnalysisStage.Tables"/>).</summary>
    IReadOnlyList<string> SummaryTables { get; }

    /// <summary>Emits the summary tables from the stage's per-run tables in <paramref name="input"/>.</summary>
    void Summarize(StageSummaryInput input, IStageOutput output);
}

/// <summary>What <see cref="IStageSummary.Summarize"/> reads: the runs and the stage's per-run tables.</summary>
/// <param name="run">The run with a given run id, or null when unknown.</param>
/// <param name="table">The rows of one of the stage's per-run tables, in run order.</param>
public sealed class StageSummaryInput(Func<string, RunInfo?> run, Func<string, IEnumerable<RecordBatch>> table)
{
    /// <summary>The run with id <paramref name="runId"/>, or null when it is not part of the experiment.</summary>
    public RunInfo? Run(string runId) => run(runId);

    /// <summary>
    /// The batches of per-run table <paramref name="name"/> in run order. Each batch is valid until the
    /// enumeration moves on; copy what you keep.
    /// </summary>
    public IEnumerable<RecordBatch> Table(string name) => table(name);
}
