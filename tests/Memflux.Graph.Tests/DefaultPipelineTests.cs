using Memflux.Graph.Execution;
using Memflux.Graph.Ops;
using Memflux.Graph.Passes;
using Memflux.Onnx;
using Memflux.TestSupport;
using static Memflux.Graph.Tests.PassHarness;

namespace Memflux.Graph.Tests;

public class DefaultPipelineTests
{
    [Fact]
    public void Default_pipeline_simplifies_and_still_matches_ort()
    {
        var model = new OnnxModelBuilder(opset: 13)
            .Input("x", [2, 3, 6, 6])
            .Input("a", [2, 4])
            .Initializer("w", Random(1, 4, 3, 3, 3))
            .Initializer("b", Random(2, 4))
            .Initializer("c1", Random(3, 4, 1, 1))
            .Initializer("c2", Random(4, 4, 1, 1))
            .Initializer("gamma", Positive(5, 4))
            .Initializer("beta", Random(6, 4))
            .Initializer("mean", Random(7, 4))
            .Initializer("var", Positive(8, 4))
            .Initializer("gb", Random(9, 4, 4))
            .Initializer("unused", Random(10, 9))
            .Node("Identity", ["x"], ["xi"])
            .Node("Conv", ["xi", "w", "b"], ["conv"], ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("BatchNormalization", ["conv", "gamma", "beta", "mean", "var"], ["bn"])
            .Node("Relu", ["bn"], ["r"])
            .Node("Dropout", ["r"], ["d"])
            .Node("Mul", ["c1", "c2"], ["c"])
            .Node("Add", ["d", "c"], ["y"])
            .Node("Sigmoid", ["x"], ["dead"])
            .Node("Gemm", ["a", "gb"], ["g"], ("transB", 1L))
            .Node("BatchNormalization", ["g", "gamma", "beta", "mean", "var"], ["z"])
            .Output("y")
            .Output("z")
            .Build();
        var pipeline = PassPipeline.CreateDefault(OperatorRegistry.Default);

        var graph = OnnxImporter.Load(model, "m.onnx", new ImportOptions { Pipeline = pipeline });

        Assert.Equal(["Conv", "Relu", "Add", "Gemm"], OpTypes(graph));
        Assert.DoesNotContain("unused", graph.Values.Keys);
        Assert.DoesNotContain("dead", graph.Values.Keys);
        Assert.All(graph.Values.Values, v => Assert.NotNull(v.Shape));
        var inputs = RandomInputs(graph, seed: 11);
        var actual = new ReferenceExecutor(graph, OperatorRegistry.Default).Run(inputs);
        var expected = OrtOracle.Run(model, inputs);
        foreach (var (name, want) in expected)
        {
            OperatorCheck.AssertClose(want, actual[name], 1e-5f, 1e-5f, name);
        }

        AssertEquivalent(model, graph, 1e-5f, 1e-5f);
    }

    [Fact]
    public void Default_pipeline_lists_its_passes_in_order()
    {
        Assert.Equal(
            ["shape-inference", "eliminate-identity", "constant-folding", "fold-batch-norm", "dead-code-elimination", "shape-inference"],
            PassPipeline.Default.Passes.Select(p => p.Name));
    }
}
