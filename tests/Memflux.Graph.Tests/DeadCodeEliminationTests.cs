using Memflux.Graph.Passes;
using Memflux.TestSupport;
using static Memflux.Graph.Tests.PassHarness;

namespace Memflux.Graph.Tests;

public class DeadCodeEliminationTests
{
    [Fact]
    public void Branch_that_reaches_no_output_and_unused_initializers_leave_but_inputs_stay()
    {
        var model = new OnnxModelBuilder(opset: 14)
            .Input("x", [2, 3])
            .Input("unused", [1])
            .Initializer("c", Random(1, 2, 3))
            .Initializer("orphan", Random(2, 7))
            .Node("Relu", ["x"], ["y"])
            .Node("Add", ["x", "c"], ["dead1"])
            .Node("Relu", ["dead1"], ["dead2"])
            .Output("y")
            .Build();

        var (before, after) = AssertEquivalent(model, new DeadCodeElimination());

        Assert.Equal(3, before.Nodes.Count);
        Assert.Equal(["Relu"], OpTypes(after));
        Assert.Equal(["x", "unused"], after.Inputs.Select(v => v.Name));
        Assert.Equal(["unused", "x", "y"], after.Values.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Live_graph_is_unchanged()
    {
        var model = new OnnxModelBuilder().Input("x", [4]).Node("Relu", ["x"], ["y"]).Output("y").Build();

        Assert.False(new DeadCodeElimination().Run(Import(model)));
    }
}
