using System.Text.Json;
using NetOrbit.Config;
using NetOrbit.Lyapunov;
using Xunit;

namespace NetOrbit.Tests.Lyapunov;

public sealed class LyapunovStageFactoryTests
{
    private static (LyapunovOptions? Options, ConfigErrors Errors) Parse(string json)
    {
        var errors = new ConfigErrors();
        using var doc = JsonDocument.Parse(json);
        return (NetOrbit.Stages.StageOptionsBinder.Bind<LyapunovOptions>(doc.RootElement.Clone(), "$.stages.lyapunov", errors), errors);
    }

    [Fact]
    public void Parse_Empty_GivesDocumentedDefaults()
    {
        var (o, errors) = Parse("{}");
        Assert.True(errors.IsEmpty);
        Assert.Equal(new LyapunovOptions(), o);
        Assert.Equal(DistanceNorm.L1, o!.Norm);
        Assert.Equal(315, 21 * 15); // the paper's grid: 21 starts x 15 lengths
        Assert.Equal(100, o.Window.StartMax);
        Assert.Equal(0.9, o.Window.MinR2);
        Assert.Equal(0.05, o.Window.MinLambda);
        Assert.False(o.NeedsModel);
    }

    [Fact]
    public void Parse_AllOptions_RoundTripsIntoTheRecord()
    {
        var (o, errors) = Parse("""
            {"norm":"l2","record_every":5,"tau":50,
             "window":{"start_min":1,"start_max":20,"start_step":2,"length_min":10,"length_max":40,"length_step":3,"min_r2":0.8,"min_lambda":0.01},
             "benettin":{"enabled":true,"d0":1e-6,"renormalize_every":3,"seed":7},
             "spectrum":{"enabled":true,"exponents":83,"qr_every":2,"record_every":4,"seed":8},
             "sharpness":{"enabled":true,"every":5,"iterations":20,"tolerance":1e-6,"seed":9},
             "post_learning":{"enabled":true,"start_step":4000,"steps":1000,"members":20,"epsilon":1e-4,"record_every":2,"seed":10},
             "loss":{"enabled":true,"tolerance":1e-4,"references":500,"max_lag":30,"shuffles":200,"seed":11}}
            """);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.Errors));
        Assert.Equal(DistanceNorm.L2, o!.Norm);
        Assert.Equal(50, o.Tau);
        Assert.Equal(3, o.Window.LengthStep);
        Assert.Equal(3, o.Benettin.RenormalizeEvery);
        Assert.Equal(83, o.Spectrum.Exponents);
        Assert.Equal(1e-6, o.Sharpness.Tolerance);
        Assert.Equal(4000, o.PostLearning.StartStep);
        Assert.Equal(30, o.Loss.MaxLag);
        Assert.Equal(1e-4, o.Loss.Tolerance);
        Assert.True(o.NeedsModel);
    }

    [Theory]
    [InlineData("""{"norm":"l3"}""", "$.stages.lyapunov.norm")]
    [InlineData("""{"record_every":0}""", "$.stages.lyapunov.record_every")]
    [InlineData("""{"window":{"min_r2":1.5}}""", "$.stages.lyapunov.window.min_r2")]
    [InlineData("""{"window":{"start_min":50,"start_max":10}}""", "$.stages.lyapunov.window.start_max")]
    [InlineData("""{"benettin":{"d0":0}}""", "$.stages.lyapunov.benettin.d0")]
    [InlineData("""{"spectrum":{"qr_every":3,"record_every":10}}""", "$.stages.lyapunov.spectrum.record_every")]
    [InlineData("""{"sharpness":{"iterations":"many"}}""", "$.stages.lyapunov.sharpness.iterations")]
    [InlineData("""{"post_learning":{"start_step":-2}}""", "$.stages.lyapunov.post_learning.start_step")]
    [InlineData("""{"windows":{}}""", "$.stages.lyapunov.windows")]
    [InlineData("""{"loss":{"shuffles":0}}""", "$.stages.lyapunov.loss.shuffles")]
    [InlineData("""{"spectrum":{"enable":true}}""", "$.stages.lyapunov.spectrum.enable")]
    public void Create_InvalidOption_ReportsItsJsonPathAndReturnsNull(string json, string path)
    {
        var errors = new ConfigErrors();
        using var doc = JsonDocument.Parse(json);
        var stage = new LyapunovStageFactory().Create(doc.RootElement.Clone(), "$.stages.lyapunov", errors);
        Assert.Null(stage);
        Assert.Contains(errors.Errors, e => e.Path == path);
    }

    [Fact]
    public void Validate_InvalidRecord_ThrowsNamingTheOption()
    {
        var ex = Assert.Throws<ArgumentException>(() => LyapunovStageFactory.CreateStage(new LyapunovOptions { Tau = 0 }));
        Assert.Contains("lyapunov.tau: 0 is out of range: allowed >= 1", ex.Message, StringComparison.Ordinal);
    }
}
