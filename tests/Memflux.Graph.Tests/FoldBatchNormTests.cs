using Memflux.Graph.Passes;
using Memflux.TestSupport;
using static Memflux.Graph.Tests.PassHarness;

namespace Memflux.Graph.Tests;

public class FoldBatchNormTests
{
    private const float Rtol = 1e-5f;
    private const float Atol = 1e-5f;

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(true, 2)]
    public void Conv_bn_relu_folds_into_the_conv(bool withBias, int group)
    {
        const int m = 6;
        var builder = new OnnxModelBuilder(opset: 15)
            .Input("x", [2, 4, 7, 5])
            .Initializer("w", Random(1, m, 4 / group, 3, 3));
        if (withBias)
        {
            builder.Initializer("b", Random(2, m));
        }

        var model = WithBatchNorm(builder, m, seed: 10)
            .Node("Conv", withBias ? ["x", "w", "b"] : ["x", "w"], ["conv"], ("pads", new long[] { 1, 0, 1, 2 }), ("strides", new long[] { 2, 1 }), ("group", (long)group))
            .Node("BatchNormalization", ["conv", "gamma", "beta", "mean", "var"], ["bn"], ("epsilon", 1e-3f))
            .Node("Relu", ["bn"], ["y"])
            .Output("y")
            .Build();

        var (before, after) = AssertEquivalent(model, new FoldBatchNorm(), Rtol, Atol);

        Assert.Equal(["Conv", "BatchNormalization", "Relu"], OpTypes(before));
        Assert.Equal(["Conv", "Relu"], OpTypes(after));
        var conv = after.Nodes[0];
        Assert.Equal(3, conv.Inputs.Count);
        Assert.All(conv.Inputs.Skip(1), v => Assert.True(v!.IsConstant));
        Assert.Equal("bn", conv.Outputs[0].Name);
        Assert.Null(after.FindValue("conv"));
        Assert.Null(after.FindValue("w"));
        Assert.Null(after.FindValue("gamma"));
    }

    [Fact]
    public void Bn_that_is_a_graph_output_keeps_its_name()
    {
        var model = WithBatchNorm(new OnnxModelBuilder(opset: 9).Input("x", [1, 3, 4, 4]).Initializer("w", Random(1, 5, 3, 1, 1)), 5, seed: 3)
            .Node("Conv", ["x", "w"], ["conv"])
            .Node("BatchNormalization", ["conv", "gamma", "beta", "mean", "var"], ["y"])
            .Output("y")
            .Build();

        var (_, after) = AssertEquivalent(model, new FoldBatchNorm(), Rtol, Atol);

        Assert.Equal(["Conv"], OpTypes(after));
        Assert.Same(after.Nodes[0], after.Outputs[0].Producer);
    }

    [Fact]
    public void Shared_weights_are_copied_not_modified()
    {
        var w = Random(1, 4, 2, 3, 3);
        var model = WithBatchNorm(new OnnxModelBuilder(opset: 15).Input("x", [1, 2, 5, 5]).Initializer("w", w), 4, seed: 5)
            .Node("Conv", ["x", "w"], ["c1"])
            .Node("BatchNormalization", ["c1", "gamma", "beta", "mean", "var"], ["y1"])
            .Node("Conv", ["x", "w"], ["y2"])
            .Output("y1")
            .Output("y2")
            .Build();

        var (_, after) = AssertEquivalent(model, new FoldBatchNorm(), Rtol, Atol);

        Assert.Equal(["Conv", "Conv"], OpTypes(after));
        var shared = after.FindValue("w")!;
        Assert.Same(shared, after.Nodes[1].Inputs[1]);
        Assert.NotSame(shared, after.Nodes[0].Inputs[1]);
        Assert.Equal(w.Float32.ToArray(), shared.Constant!.Float32.ToArray());
    }

    [Fact]
    public void Conv_output_with_another_reader_is_not_folded()
    {
        var model = WithBatchNorm(new OnnxModelBuilder(opset: 15).Input("x", [1, 2, 5, 5]).Initializer("w", Random(1, 4, 2, 3, 3)), 4, seed: 5)
            .Node("Conv", ["x", "w"], ["c"])
            .Node("BatchNormalization", ["c", "gamma", "beta", "mean", "var"], ["y1"])
            .Node("Relu", ["c"], ["y2"])
            .Output("y1")
            .Output("y2")
            .Build();

        var (_, after) = AssertEquivalent(model, new FoldBatchNorm());

        Assert.Equal(["Conv", "BatchNormalization", "Relu"], OpTypes(after));
    }

    [Fact]
    public void Statistics_computed_at_run_time_are_not_folded()
    {
        var model = new OnnxModelBuilder(opset: 15)
            .Input("x", [1, 2, 5, 5])
            .Input("mean", [4])
            .Initializer("w", Random(1, 4, 2, 3, 3))
            .Initializer("gamma", Positive(2, 4))
            .Initializer("beta", Random(3, 4))
            .Initializer("var", Positive(4, 4))
            .Node("Conv", ["x", "w"], ["c"])
            .Node("BatchNormalization", ["c", "gamma", "beta", "mean", "var"], ["y"])
            .Output("y")
            .Build();

        var graph = Import(model);

        Assert.False(new FoldBatchNorm().Run(graph));
        Assert.Equal(["Conv", "BatchNormalization"], OpTypes(graph));
    }

    [Theory]
    [InlineData(true, new int[0], 1f)]
    [InlineData(false, new int[0], 1f)]
    [InlineData(true, new[] { 5 }, 0.5f)]
    [InlineData(false, new[] { 1, 5 }, 2f)]
    [InlineData(true, new[] { 3, 1 }, -1f)]
    [InlineData(false, new[] { 3, 5 }, 0.25f)]
    [InlineData(true, new[] { 1 }, 3f)]
    public void Gemm_bn_folds_into_the_gemm(bool transB, int[] cDims, float beta)
    {
        const int n = 5;
        var builder = new OnnxModelBuilder(opset: 13)
            .Input("a", [3, 4])
            .Initializer("b", transB ? Random(1, n, 4) : Random(1, 4, n));
        bool hasC = cDims.Length > 0;
        if (hasC)
        {
            builder.Initializer("c", Random(2, cDims));
        }

        var model = WithBatchNorm(builder, n, seed: 20)
            .Node("Gemm", hasC ? ["a", "b", "c"] : ["a", "b"], ["g"], ("transB", transB ? 1L : 0L), ("beta", beta), ("alpha", 0.75f))
            .Node("BatchNormalization", ["g", "gamma", "beta", "mean", "var"], ["y"])
            .Output("y")
            .Build();

        var (_, after) = AssertEquivalent(model, new FoldBatchNorm(), Rtol, Atol);

        Assert.Equal(["Gemm"], OpTypes(after));
        Assert.Equal(1f, after.Nodes[0].Attributes.GetFloat("beta", float.NaN));
    }

    /// <summary>Adds gamma, beta, mean and var initializers for <paramref name="channels"/> channels (var and gamma positive).</summary>
    private static OnnxModelBuilder WithBatchNorm(OnnxModelBuilder builder, int channels, int seed) => builder
        .Initializer("gamma", Positive(seed, channels))
        .Initializer("beta", Random(seed + 1, channels))
        .Initializer("mean", Random(seed + 2, channels))
        .Initializer("var", Positive(seed + 3, channels, 0.1f, 3f));
}
