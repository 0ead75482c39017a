using Memflux.Graph.Ops;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.TestSupport;
using static Memflux.Graph.Tests.PassHarness;

namespace Memflux.Graph.Tests;

public class EliminateIdentityTests
{
    [Fact]
    public void Identity_and_dropout_vanish_and_the_graph_output_keeps_its_name()
    {
        var model = new OnnxModelBuilder(opset: 13)
            .Input("x", [2, 5])
            .Node("Relu", ["x"], ["a"])
            .Node("Identity", ["a"], ["b"])
            .Node("Relu", ["b"], ["c"])
            .Node("Dropout", ["c"], ["y"], ("seed", 3L))
            .Output("y")
            .Build();

        var (before, after) = AssertEquivalent(model, new EliminateIdentity());

        Assert.Equal(["Relu", "Identity", "Relu", "Dropout"], OpTypes(before));
        Assert.Equal(["Relu", "Relu"], OpTypes(after));
        Assert.Same(after.Nodes[1], after.Outputs[0].Producer);
        Assert.Equal("y", after.Nodes[1].Outputs[0].Name);
        Assert.Null(after.FindValue("b"));
        Assert.Null(after.FindValue("c"));
    }

    [Fact]
    public void Dropout_with_ratio_input_and_unused_mask_vanishes_with_its_ratio()
    {
        var builder = new OnnxModelBuilder(opset: 13)
            .Input("x", [3, 4])
            .Initializer("ratio", Tensor.Scalar(0.25f))
            .Node("Dropout", ["x", "ratio"], ["d", "mask"])
            .Node("Relu", ["d"], ["y"])
            .Output("y");

        // Before shape inference: the unused mask goes with the node.
        var pipeline = new PassPipeline(new EliminateIdentity(), new ShapeInference(OperatorRegistry.Default));
        var after = Onnx.OnnxImporter.Load(builder.Build(), "m.onnx", new Onnx.ImportOptions { Pipeline = pipeline });

        Assert.Equal(["Relu"], OpTypes(after));
        Assert.Same(after.Inputs[0], after.Nodes[0].Inputs[0]);
        Assert.Null(after.FindValue("ratio"));
        Assert.Null(after.FindValue("mask"));
    }

    [Fact]
    public void Identity_between_graph_input_and_graph_output_stays()
    {
        var model = new OnnxModelBuilder().Input("x", [4]).Node("Identity", ["x"], ["y"]).Output("y").Build();

        var (_, after) = AssertEquivalent(model, new EliminateIdentity());

        Assert.Equal(["Identity"], OpTypes(after));
    }

    [Fact]
    public void Identity_whose_input_is_also_a_graph_output_stays()
    {
        var model = new OnnxModelBuilder()
            .Input("x", [4])
            .Node("Relu", ["x"], ["a"])
            .Node("Identity", ["a"], ["y"])
            .Output("a")
            .Output("y")
            .Build();

        var (_, after) = AssertEquivalent(model, new EliminateIdentity());

        Assert.Equal(["Relu", "Identity"], OpTypes(after));
    }

    [Fact]
    public void Identity_output_read_by_several_nodes_is_rewired_for_each()
    {
        var model = new OnnxModelBuilder(opset: 14)
            .Input("x", [2, 3])
            .Node("Relu", ["x"], ["a"])
            .Node("Identity", ["a"], ["b"])
            .Node("Add", ["b", "b"], ["c"])
            .Node("Mul", ["b", "c"], ["y"])
            .Output("y")
            .Build();

        var (_, after) = AssertEquivalent(model, new EliminateIdentity());

        Assert.Equal(["Relu", "Add", "Mul"], OpTypes(after));
        var a = after.FindValue("a");
        Assert.All(after.Nodes.Skip(1), n => Assert.Contains(a, n.Inputs));
    }

    [Fact]
    public void Graph_without_identities_is_unchanged()
    {
        var model = new OnnxModelBuilder().Input("x", [4]).Node("Relu", ["x"], ["y"]).Output("y").Build();
        var graph = Import(model);

        Assert.False(new EliminateIdentity().Run(graph));
        Assert.Equal(["Relu"], OpTypes(graph));
    }
}
