using Memflux.TestSupport;
using static Memflux.Onnx.Tests.ModelFixtures;

namespace Memflux.Onnx.Tests;

public class GraphStructureTests
{
    [Fact]
    public void Nodes_out_of_topological_order_are_sorted()
    {
        var model = new OnnxModelBuilder()
            .Input("x", [3])
            .Node("Relu", ["b"], ["c"])
            .Node("Relu", ["a"], ["b"])
            .Node("Relu", ["x"], ["a"])
            .Output("c")
            .Build();

        var graph = OnnxImporter.Load(model, "m.onnx");

        Assert.Equal(["a", "b", "c"], graph.Nodes.Select(n => n.Outputs[0].Name));
        Assert.All(graph.Nodes, n => Assert.Same(n, n.Outputs[0].Producer));
        Assert.Same(graph.FindValue("a"), graph.Nodes[1].Inputs[0]);
    }

    [Fact]
    public void Deep_chain_in_reverse_order_imports_without_recursion()
    {
        const int depth = 20_000;
        var builder = new OnnxModelBuilder().Input("x", [2]).Output($"v{depth}");
        for (int i = depth; i >= 1; i--)
        {
            builder.Node("Relu", [i == 1 ? "x" : $"v{i - 1}"], [$"v{i}"]);
        }

        var graph = OnnxImporter.Load(builder.Build(), "deep.onnx");

        Assert.Equal(depth, graph.Nodes.Count);
        Assert.Equal("v1", graph.Nodes[0].Outputs[0].Name);
        Assert.Equal($"v{depth}", graph.Nodes[^1].Outputs[0].Name);
    }

    [Fact]
    public void Missing_value_names_the_reader_and_the_value()
    {
        var model = new OnnxModelBuilder().Input("x", [3]).Node("Relu", ["nowhere"], ["y"]).Output("y").Build();

        string message = LoadError(model);

        Assert.Contains("Relu_0", message, StringComparison.Ordinal);
        Assert.Contains("'nowhere'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_output_that_nothing_defines_is_an_error()
    {
        var model = new OnnxModelBuilder().Input("x", [3]).Node("Relu", ["x"], ["y"]).Output("ghost").Build();

        Assert.Contains("'ghost'", LoadError(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Value_defined_by_two_nodes_is_an_error()
    {
        var model = new OnnxModelBuilder()
            .Input("x", [3])
            .Node("Relu", ["x"], ["y"])
            .Node("Relu", ["x"], ["y"])
            .Output("y")
            .Build();

        string message = LoadError(model);

        Assert.Contains("'y' is defined twice", message, StringComparison.Ordinal);
        Assert.Contains("Relu_1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_output_that_shadows_a_graph_input_is_an_error()
    {
        var model = new OnnxModelBuilder().Input("x", [3]).Node("Relu", ["x"], ["x"]).Output("x").Build();

        Assert.Contains("'x' is defined twice", LoadError(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_input_listed_twice_is_an_error()
    {
        var model = new OnnxModelBuilder().Input("x", [3]).Input("x", [3]).Node("Relu", ["x"], ["y"]).Output("y").Build();

        Assert.Contains("'x' is listed twice", LoadError(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_output_listed_twice_is_an_error()
    {
        var model = new OnnxModelBuilder().Input("x", [3]).Node("Relu", ["x"], ["y"]).Output("y").Output("y").Build();

        Assert.Contains("'y' is listed twice", LoadError(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Cycle_is_an_error_naming_a_node_on_it()
    {
        var model = new OnnxModelBuilder()
            .Input("x", [3])
            .Node("Relu", ["c"], ["a"])
            .Node("Relu", ["a"], ["b"])
            .Node("Relu", ["b"], ["c"])
            .Output("c")
            .Build();

        string message = LoadError(model);

        Assert.Contains("cycle", message, StringComparison.Ordinal);
        Assert.Contains("Relu node 'Relu_", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_reading_its_own_output_is_a_cycle()
    {
        var model = new OnnxModelBuilder().Input("x", [3]).Node("Relu", ["y"], ["y"]).Output("y").Build();

        Assert.Contains("cycle", LoadError(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Several_omitted_outputs_get_distinct_names()
    {
        var builder = new OnnxModelBuilder().Input("x", [3]).Node("Relu", ["x"], ["y"]).Output("y");
        var model = Edit(builder, m =>
        {
            var node = m.Graph.Node[0];
            node.Output.Add("");
            node.Output.Add("");
        });

        // Relu declares one output, so shape inference refuses three; the importer itself must get that far.
        string message = LoadError(model);

        Assert.Contains("declares 3 outputs", message, StringComparison.Ordinal);
    }
}
