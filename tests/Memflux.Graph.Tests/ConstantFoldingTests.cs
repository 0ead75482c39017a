using Memflux.Graph.Ops;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.TestSupport;
using static Memflux.Graph.Tests.PassHarness;

namespace Memflux.Graph.Tests;

public class ConstantFoldingTests
{
    private static readonly ConstantFolding Pass = new(OperatorRegistry.Default);

    [Fact]
    public void Constant_subexpression_becomes_one_constant_and_its_inputs_leave()
    {
        var model = new OnnxModelBuilder(opset: 14)
            .Input("x", [3, 5])
            .Initializer("c1", Random(1, 3, 5))
            .Initializer("c2", Random(2, 5))
            .Node("Mul", ["c1", "c2"], ["c3"])
            .Node("Relu", ["c3"], ["c4"])
            .Node("Add", ["x", "c4"], ["y"])
            .Output("y")
            .Build();

        var (before, after) = AssertEquivalent(model, Pass);

        Assert.Equal(["Mul", "Relu", "Add"], OpTypes(before));
        Assert.Equal(["Add"], OpTypes(after));
        var folded = after.Nodes[0].Inputs[1]!;
        Assert.Equal("c4", folded.Name);
        Assert.True(folded.IsConstant);
        Assert.Null(folded.Producer);
        Assert.Equal(new TensorShape(3, 5), folded.Shape);
        Assert.Null(after.FindValue("c1"));
        Assert.Null(after.FindValue("c2"));
        Assert.Null(after.FindValue("c3"));
    }

    [Fact]
    public void Constant_read_by_a_folded_and_a_live_node_stays()
    {
        var model = new OnnxModelBuilder(opset: 14)
            .Input("x", [4])
            .Initializer("c", Random(3, 4))
            .Node("Relu", ["c"], ["rc"])
            .Node("Add", ["x", "c"], ["s"])
            .Node("Mul", ["s", "rc"], ["y"])
            .Output("y")
            .Build();

        var (_, after) = AssertEquivalent(model, Pass);

        Assert.Equal(["Add", "Mul"], OpTypes(after));
        Assert.True(after.FindValue("c")!.IsConstant);
        Assert.True(after.FindValue("rc")!.IsConstant);
    }

    [Fact]
    public void Fully_constant_graph_output_becomes_a_constant()
    {
        var model = new OnnxModelBuilder(opset: 14)
            .Input("x", [2])
            .Initializer("c", Random(4, 2, 3))
            .Node("Relu", ["c"], ["z"])
            .Node("Relu", ["x"], ["y"])
            .Output("y")
            .Output("z")
            .Build();

        var (_, after) = AssertEquivalent(model, Pass);

        Assert.Equal(["Relu"], OpTypes(after));
        Assert.True(after.Outputs[1].IsConstant);
        Assert.Equal("z", after.Outputs[1].Name);
    }

    [Fact]
    public void Output_known_from_static_shapes_alone_is_folded()
    {
        var model = new OnnxModelBuilder(opset: 14)
            .Input("x", [2, 7, 3])
            .Node("Relu", ["x"], ["r"])
            .Node("Shape", ["r"], ["s"])
            .Output("s", DataType.Int64)
            .Output("r")
            .Build();

        var (_, after) = AssertEquivalent(model, Pass);

        Assert.Equal(["Relu"], OpTypes(after));
        Assert.Equal([2L, 7L, 3L], after.Outputs[0].Constant!.Int64.ToArray());
    }

    [Fact]
    public void Graph_without_constant_nodes_is_unchanged()
    {
        var model = new OnnxModelBuilder(opset: 14)
            .Input("x", [4])
            .Initializer("c", Random(5, 4))
            .Node("Add", ["x", "c"], ["y"])
            .Output("y")
            .Build();
        var graph = Import(model);

        Assert.False(Pass.Run(graph));
        Assert.Equal(["Add"], OpTypes(graph));
        Assert.NotNull(graph.FindValue("c"));
    }
}
