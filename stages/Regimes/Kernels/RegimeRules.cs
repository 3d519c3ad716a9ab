namespace NetOrbit.Regimes;

/// <summary>What the rules look at for one run: the reference's features and the window-fit exponent of its copies.</summary>
internal readonly record struct RegimeEvidence(
    bool NonFinite, double Lambda, bool Kept, double LossRatio, double FinalAccuracy, double Chance, double MonotoneFraction, double Oscillation);

/// <summary>A run's label and the rule that gave it.</summary>
internal readonly record struct RegimeLabel(string Regime, string Reason);

/// <summary>
/// The rule-based labels of issue 13, in order: divergent (non-finite loss or weights); with a kept
/// positive exponent, edge_of_stability when the network learns and chaotic when it does not;
/// without one, chaotic when the loss is irregular and the network does not learn, otherwise regular.
/// "Learns" means the loss converges (final/initial &lt; converged_ratio) and the final accuracy is
/// well above chance (&gt;= chance + chance_margin; not checked when accuracy was not recorded).
/// </summary>
internal static class RegimeRules
{
    public const string Regular = "regular";
    public const string EdgeOfStability = "edge_of_stability";
    public const string Chaotic = "chaotic";
    public const string Divergent = "divergent";

    public static RegimeLabel Classify(RegimeEvidence e, RegimesOptions options)
    {
        if (e.NonFinite || !double.IsFinite(e.LossRatio))
        {
            return new(Divergent, "loss or weights became non-finite");
        }

        var converging = e.LossRatio < options.ConvergedRatio;
        var aboveChance = double.IsNaN(e.FinalAccuracy) || e.FinalAccuracy >= e.Chance + options.ChanceMargin;
        var learns = converging && aboveChance;
        var irregular = e.Oscillation >= options.IrregularOscillation || e.MonotoneFraction < options.IrregularMonotone;
        var why = !converging ? "loss not converging" : "accuracy near chance";
        if (e.Kept && e.Lambda > 0)
        {
            return learns
                ? new(EdgeOfStability, "positive kept exponent; loss converges and accuracy well above chance")
                : new(Chaotic, "positive kept exponent; " + why);
        }

        if (irregular && !learns)
        {
            return new(Chaotic, "no kept exponent; irregular loss and " + why);
        }

        return e.LossRatio < 1
            ? new(Regular, irregular ? "no kept exponent; irregular loss but the network learns" : "no kept exponent; loss decreases")
            : new(Regular, "no kept exponent; loss not decreasing but regular (stalled)");
    }
}
