using Apache.Arrow;

namespace NetOrbit.Stages;

/// <summary>Where a stage emits rows: one of the tables it declared, by name.</summary>
public interface IStageOutput
{
    /// <summary>Appends <paramref name="batch"/> to table <paramref name="table"/>; the output takes ownership of the batch.</summary>
    void Append(string table, RecordBatch batch);
}
