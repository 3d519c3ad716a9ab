using NetOrbit.Regimes;

namespace NetOrbit.Tests.Regimes;

/// <summary>The rules on hand-made evidence, one case per regime and the cases in between.</summary>
public sealed class RegimeRulesTests
{
    private static readonly RegimesOptions Defaults = new();

    // A network that learns with a smooth loss and no exponent.
    private static readonly RegimeEvidence Smooth = new(
        NonFinite: false, Lambda: 0.001, Kept: false, LossRatio: 0.2, FinalAccuracy: 0.95, Chance: 1.0 / 3, MonotoneFraction: 1, Oscillation: 1e-4);

    [Fact]
    public void Classify_NoExponentLossDecreasing_Regular()
    {
        Assert.Equal(RegimeRules.Regular, RegimeRules.Classify(Smooth, Defaults).Regime);
    }

    [Fact]
    public void Classify_KeptExponentAndLearning_EdgeOfStability()
    {
        var e = Smooth with { Lambda = 0.3, Kept = true, LossRatio = 0.03, MonotoneFraction = 0.6, Oscillation = 0.3 };
        Assert.Equal(RegimeRules.EdgeOfStability, RegimeRules.Classify(e, Defaults).Regime);
    }

    [Theory]
    [InlineData(0.9, 0.95)] // loss not converging
    [InlineData(0.1, 0.40)] // accuracy near chance
    public void Classify_KeptExponentNoLearning_Chaotic(double lossRatio, double accuracy)
    {
        var e = Smooth with { Lambda = 0.3, Kept = true, LossRatio = lossRatio, FinalAccuracy = accuracy };
        Assert.Equal(RegimeRules.Chaotic, RegimeRules.Classify(e, Defaults).Regime);
    }

    [Fact]
    public void Classify_NoExponentIrregularLossNearChance_Chaotic()
    {
        var e = Smooth with { LossRatio = 0.8, FinalAccuracy = 0.34, MonotoneFraction = 0.35, Oscillation = 0.2 };
        var label = RegimeRules.Classify(e, Defaults);
        Assert.Equal(RegimeRules.Chaotic, label.Regime);
        Assert.Contains("irregular", label.Reason);
    }

    [Fact]
    public void Classify_NonFinite_DivergentWhateverTheRest()
    {
        var e = Smooth with { NonFinite = true, Lambda = 0.3, Kept = true };
        Assert.Equal(RegimeRules.Divergent, RegimeRules.Classify(e, Defaults).Regime);
        Assert.Equal(RegimeRules.Divergent, RegimeRules.Classify(Smooth with { LossRatio = double.PositiveInfinity }, Defaults).Regime);
    }

    [Fact]
    public void Classify_NoExponentSmoothLossNotDecreasing_RegularStalled()
    {
        var label = RegimeRules.Classify(Smooth with { LossRatio = 1.0, FinalAccuracy = 0.33, MonotoneFraction = 0.6 }, Defaults);
        Assert.Equal(RegimeRules.Regular, label.Regime);
        Assert.Contains("stalled", label.Reason);
    }

    [Fact]
    public void Classify_PositiveExponentRejectedByFilter_NotEdgeOfStability()
    {
        Assert.Equal(RegimeRules.Regular, RegimeRules.Classify(Smooth with { Lambda = 0.3, Kept = false }, Defaults).Regime);
    }

    [Fact]
    public void Classify_AccuracyNotRecorded_LearningJudgedByTheLossAlone()
    {
        var e = Smooth with { Lambda = 0.3, Kept = true, LossRatio = 0.03, FinalAccuracy = double.NaN };
        Assert.Equal(RegimeRules.EdgeOfStability, RegimeRules.Classify(e, Defaults).Regime);
    }

    [Fact]
    public void Classify_ChanceMarginOption_MovesTheLearningThreshold()
    {
        var e = Smooth with { Lambda = 0.3, Kept = true, LossRatio = 0.1, FinalAccuracy = 0.6 };
        Assert.Equal(RegimeRules.EdgeOfStability, RegimeRules.Classify(e, Defaults).Regime);
        Assert.Equal(RegimeRules.Chaotic, RegimeRules.Classify(e, Defaults with { ChanceMargin = 0.5 }).Regime);
    }
}
