namespace NetOrbit.Graph;

/// <summary>Which members of an ensemble a per-trajectory analysis covers.</summary>
public enum GraphMemberSelection
{
    /// <summary>No member: the analysis is off.</summary>
    None,

    /// <summary>Only member 0, the unperturbed reference network.</summary>
    Reference,

    /// <summary>Every member.</summary>
    All,
}
