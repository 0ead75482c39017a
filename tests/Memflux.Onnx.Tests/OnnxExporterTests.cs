using Memflux.Graph.Execution;
using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Onnx.Tests;

public class OnnxExporterTests
{
    [Fact]
    public void Exported_graph_runs_in_ort_and_matches_the_executor()
    {
        var bias = RandomTensors.Uniform(3, [2, 5]);
        var model = new OnnxModelBuilder(opset: 14)
            .Input("x", [2, 5])
            .Initializer("b", bias)
            .Node("Relu", ["x"], ["r"])
            .Node("Relu", ["r"], ["y"])
            .Output("y")
            .Build();
        var graph = OnnxImporter.Load(model, "relu.onnx");

        byte[] exported = OnnxExporter.ToBytes(graph);
        var reimported = OnnxImporter.Load(exported, "exported.onnx");
        var inputs = new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(4, [2, 5]) };

        var ort = OrtOracle.Run(exported, inputs)["y"];
        var ours = new ReferenceExecutor(reimported).Run(inputs)["y"];
        OperatorCheck.AssertClose(ort, ours, 0, 0);
        Assert.Equal(graph.Nodes.Select(n => n.OpType), reimported.Nodes.Select(n => n.OpType));
        Assert.Equal(new TensorShape(2, 5), reimported.Outputs[0].Shape);
    }

    [Fact]
    public void Constants_round_trip_bit_for_bit_through_raw_data()
    {
        var w = RandomTensors.Uniform(7, [3, 4, 5]);
        var proto = OnnxExporter.TensorProtoOf("w", w);
        var builder = new OnnxModelBuilder().Input("x", [3, 4, 5]).Node("Relu", ["x"], ["y"]).Output("y");
        var bytes = builder.Build();
        var model = OnnxImporter.Parse(bytes, "t.onnx");
        model.Graph.Initializer.Add(proto);
        model.Graph.Node[0].Input[0] = "w";
        model.Graph.Input.Clear();
        var graph = OnnxImporter.Load(Google.Protobuf.MessageExtensions.ToByteArray(model), "t.onnx");
        Assert.Equal(w.Float32.ToArray(), graph.FindValue("w")!.Constant!.Float32.ToArray());
    }
}
