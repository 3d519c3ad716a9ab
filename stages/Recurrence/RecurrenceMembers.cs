namespace NetOrbit.Recurrence;

/// <summary>Which members' trajectories the recurrence stage analyses (configuration: <c>reference</c> | <c>all</c>).</summary>
public enum RecurrenceMembers
{
    /// <summary>The reference network (member 0) only.</summary>
    Reference,

    /// <summary>Every member.</summary>
    All,
}
