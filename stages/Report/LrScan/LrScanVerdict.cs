namespace NetOrbit.Report.LrScan;

/// <summary>What the recommendation rule says about one learning rate: recommended or not, and why.</summary>
/// <param name="Eta">Learning rate.</param>
/// <param name="Recommended">True for the recommended learning rate only.</param>
/// <param name="Rejected">True for a learning rate larger than the recommendation (or any, when there is none) that the rule turned down.</param>
/// <param name="Label">A few words: <c>recommended</c>, <c>smaller</c>, <c>does not learn</c>, <c>onset of chaos</c> or <c>above the onset</c>.</param>
/// <param name="Reason">One sentence: why, with the numbers.</param>
public sealed record LrScanVerdict(double Eta, bool Recommended, bool Rejected, string Label, string Reason);
