using Memflux.Graph.Execution;
using Memflux.Graph.Ops;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Graph.Tests;

/// <summary>The executor runs Conv → Add → Relu chains as one fused step, with the bits of the unfused graph.</summary>
public class ConvEpilogueFusionTests
{
    private static readonly int[] X = [2, 4, 9, 9];
    private static readonly int[] Y = [2, 6, 9, 9];
    private static readonly (string, object)[] Same = [("pads", new long[] { 1, 1, 1, 1 })];

    /// <summary>A residual block: c1 → relu; c2 + shortcut conv → relu; then a plain Conv → Relu; output y.</summary>
    private static OnnxModelBuilder Block() => new OnnxModelBuilder()
        .Input("x", X)
        .Initializer("w1", RandomTensors.Uniform(1, [6, 4, 3, 3]))
        .Initializer("b1", RandomTensors.Uniform(2, [6]))
        .Initializer("w2", RandomTensors.Uniform(3, [6, 6, 3, 3]))
        .Initializer("ws", RandomTensors.Uniform(4, [6, 4, 1, 1]))
        .Initializer("w3", RandomTensors.Uniform(5, [6, 6, 3, 3]))
        .Node("Conv", ["x", "w1", "b1"], ["c1"], Same)
        .Node("Relu", ["c1"], ["r1"])
        .Node("Conv", ["r1", "w2"], ["c2"], Same)
        .Node("Conv", ["x", "ws"], ["s"])
        .Node("Add", ["c2", "s"], ["sum"])
        .Node("Relu", ["sum"], ["r2"])
        .Node("Conv", ["r2", "w3"], ["c3"], Same)
        .Node("Add", ["r2", "c3"], ["y"]);

    [Fact]
    public void Block_ends_fuse_and_the_shortcut_conv_runs_first()
    {
        var graph = OnnxImporter.Load(Block().Output("y").Build(), "block.onnx");
        var plan = Plan(graph);

        Assert.Equal(["r1: Conv+Relu", "s: Conv", "r2: Conv+Add(s)+Relu", "y: Conv+Add(r2)"], Describe(graph, plan));
    }

    [Fact]
    public void Fused_run_has_the_bits_of_the_unfused_run_and_matches_ort()
    {
        var model = Block().Output("y").Build();
        var graph = OnnxImporter.Load(model, "block.onnx");
        var inputs = new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(6, X) };

        var fused = new ReferenceExecutor(graph).Run(inputs)["y"];
        var unfused = new ReferenceExecutor(graph) { FuseConvolutionEpilogues = false }.Run(inputs)["y"];

        Assert.Equal(unfused.Float32.ToArray(), fused.Float32.ToArray());
        OperatorCheck.MatchesOrt(model, inputs);
    }

    [Fact]
    public void Values_seen_elsewhere_are_not_fused_away()
    {
        // c1 is a graph output, c2 is read twice, the Add broadcasts a per-channel operand, and sum is a graph output.
        var model = new OnnxModelBuilder()
            .Input("x", X)
            .Initializer("w1", RandomTensors.Uniform(1, [6, 4, 3, 3]))
            .Initializer("w2", RandomTensors.Uniform(2, [6, 4, 3, 3]))
            .Initializer("w3", RandomTensors.Uniform(3, [6, 4, 3, 3]))
            .Initializer("w4", RandomTensors.Uniform(4, [6, 4, 3, 3]))
            .Initializer("per_channel", RandomTensors.Uniform(5, [6, 1, 1]))
            .Node("Conv", ["x", "w1"], ["c1"], Same)
            .Node("Relu", ["c1"], ["r1"])
            .Node("Conv", ["x", "w2"], ["c2"], Same)
            .Node("Relu", ["c2"], ["r2"])
            .Node("Sigmoid", ["c2"], ["g2"])
            .Node("Conv", ["x", "w3"], ["c3"], Same)
            .Node("Add", ["c3", "per_channel"], ["b3"])
            .Node("Conv", ["x", "w4"], ["c4"], Same)
            .Node("Add", ["c4", "r1"], ["sum"])
            .Node("Relu", ["sum"], ["r4"])
            .Output("c1").Output("r1").Output("r2").Output("g2").Output("b3").Output("sum").Output("r4")
            .Build();
        var graph = OnnxImporter.Load(model, "t.onnx");

        Assert.DoesNotContain(Plan(graph).Steps, s => s.IsFused && s.Outputs[0].Name != "sum");
        Assert.Contains("sum: Conv+Add(r1)", Describe(graph, Plan(graph)));
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(7, X) });
    }

    [Fact]
    public void A_node_override_sees_every_node()
    {
        var graph = OnnxImporter.Load(Block().Output("y").Build(), "block.onnx");
        var seen = new List<string>();
        var executor = new ReferenceExecutor(graph) { NodeOverride = (node, _) => { seen.Add(node.OpType); return null; } };

        executor.Run(new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(8, X) });

        Assert.Equal(graph.Nodes.Select(n => n.OpType), seen);
    }

    [Fact]
    public void A_fused_convolution_override_gets_the_fused_steps_and_the_node_override_the_rest()
    {
        var graph = OnnxImporter.Load(Block().Output("y").Build(), "block.onnx");
        var inputs = new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(8, X) };
        var seen = new List<string>();
        var fused = new List<string>();
        var executor = new ReferenceExecutor(graph)
        {
            NodeOverride = (node, _) =>
            {
                seen.Add(node.Outputs[0].Name);
                return null;
            },
            FusedConvolutionOverride = (node, _, addend, relu) =>
            {
                fused.Add($"{node.Outputs[0].Name}{(addend is null ? "" : "+Add")}{(relu ? "+Relu" : "")}");
                return null;
            },
        };

        var y = executor.Run(inputs)["y"];

        Assert.Equal(["c1+Relu", "c2+Add+Relu", "c3+Add"], fused);
        Assert.Equal(["s"], seen);
        var unfused = new ReferenceExecutor(graph) { FuseConvolutionEpilogues = false }.Run(inputs)["y"];
        Assert.Equal(unfused.Float32.ToArray(), y.Float32.ToArray());
    }

    [Fact]
    public void Fused_step_rejects_an_addend_of_another_shape()
    {
        var graph = OnnxImporter.Load(Block().Output("y").Build(), "block.onnx");
        var conv = graph.Nodes[0];
        var args = conv.Inputs.Select(v => v!.Constant ?? RandomTensors.Uniform(9, X)).ToList();

        var e = Assert.Throws<MemfluxException>(() => Conv.ExecuteFused(conv, args, RandomTensors.Uniform(9, X), relu: true));

        Assert.Contains($"fused addend must be Float32{new TensorShape(Y)}; found Float32{new TensorShape(X)}", e.Message, StringComparison.Ordinal);
    }

    private static ExecutionPlan Plan(ComputeGraph graph) =>
        ExecutionPlan.Build(graph, [.. graph.Nodes.Select(OperatorRegistry.Default.Resolve)], fuse: true);

    private static List<string> Describe(ComputeGraph graph, ExecutionPlan plan) =>
        [.. plan.Steps.Where(s => graph.Nodes[s.Node].OpType == "Conv").Select(s =>
            $"{s.Outputs[0].Name}: Conv{(s.Addend is null ? "" : $"+Add({s.Addend.Name})")}{(s.Relu ? "+Relu" : "")}")];
}
