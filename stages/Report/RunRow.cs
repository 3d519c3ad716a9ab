namespace NetOrbit.Report;

/// <summary>One row of runs.arrow (runs/1), with its position in grid order.</summary>
internal sealed record RunRow(int Index, string RunId, string Dataset, string Architecture, double Eta, double Epsilon, int InitialCondition, long Steps, string Status, double FinalLoss, double FinalAccuracy, double FinalTestAccuracy);
