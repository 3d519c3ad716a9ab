namespace NetOrbit.Stages;

/// <summary>
/// A stage's options: a public immutable record whose properties, in snake_case (or as named by
/// <see cref="System.Text.Json.Serialization.JsonPropertyNameAttribute"/>), are the keys of the
/// stage's object in the configuration. <see cref="StageOptionsBinder"/> binds them once for every
/// stage (types, enumerations, <see cref="OptionRangeAttribute"/> ranges, unknown keys);
/// <see cref="Validate"/> adds the rules that involve several options.
/// </summary>
public interface IStageOptions
{
    /// <summary>Problems that involve several options (each option's own type and range are already checked); none by default.</summary>
    IEnumerable<OptionProblem> Validate() => [];
}
