namespace NetOrbit.Recurrence;

/// <summary>RQA of the states [Start, Start + Length) of a longer trajectory.</summary>
/// <param name="Start">Index of the window's first state (0-based).</param>
/// <param name="Length">Number of states in the window.</param>
/// <param name="Result">The window's measures; its threshold is the one resolved on the whole trajectory.</param>
public sealed record RqaWindow(int Start, int Length, RqaResult Result);
