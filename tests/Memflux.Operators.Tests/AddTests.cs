using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class AddTests : BinaryOpTests
{
    protected override string OpType => "Add";

    [Fact]
    public void Before_opset_7_broadcasting_follows_the_broadcast_and_axis_attributes()
    {
        // ONNX Runtime has no kernels below opset 7; ONNX's pytorch-operator backend tests check the same rule with data.
        var x = RandomTensors.Uniform(1, [2, 3, 4]);
        var b = Tensor.FromFloat32([10f, 20f, 30f], new TensorShape(3));
        var model = new OnnxModelBuilder(6).Input("x", [2, 3, 4]).Initializer("b", b).Node("Add", ["x", "b"], ["y"], ("broadcast", 1L), ("axis", 1L)).Output("y").Build();
        var y = new Graph.Execution.ReferenceExecutor(Onnx.OnnxImporter.Load(model, "m.onnx")).Run(new Dictionary<string, Tensor> { ["x"] = x })["y"];
        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(x.Float32[i] + b.Float32[(i / 4) % 3], y.Float32[i]);
        }

        var unasked = new OnnxModelBuilder(6).Input("x", [2, 3, 4]).Initializer("b", b).Node("Add", ["x", "b"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(unasked, "attribute 'broadcast' is not 1");
        var removed = new OnnxModelBuilder(7).Input("x", [2, 3, 4]).Initializer("b", b).Node("Add", ["x", "b"], ["y"], ("broadcast", 1L)).Output("y").Build();
        OperatorCheck.ImportFails(removed, "removed in opset 7");
    }
}
