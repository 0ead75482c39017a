using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class MinTests : VariadicOpTests
{
    protected override string OpType => "Min";

    protected override DataType[] Types => TypedTensors.NumericTypes;

    protected override DataType[] OrtTypes =>
        [.. TypedTensors.FloatTypes, DataType.Int8, DataType.Int32, DataType.Int64, DataType.UInt8, DataType.UInt32, DataType.UInt64];

    [Theory]
    [InlineData(DataType.Int16)]
    [InlineData(DataType.UInt16)]
    public void Types_without_an_ort_kernel_are_exact(DataType type)
    {
        var model = new OnnxModelBuilder(13).Input("a", [4], type).Input("b", [1], type).Node(OpType, ["a", "b"], ["y"]).Output("y", type).Build();
        var y = new Memflux.Graph.Execution.ReferenceExecutor(Memflux.Onnx.OnnxImporter.Load(model, "t.onnx"))
            .Run(new Dictionary<string, Tensor> { ["a"] = TypedTensors.Vector(type, 0, 5, 65535, -32768), ["b"] = TypedTensors.Vector(type, 3) })["y"];
        var expected = type == DataType.Int16 ? TypedTensors.Vector(type, 0, 3, 3, -32768) : TypedTensors.Vector(type, 0, 3, 3, 0);
        OperatorCheck.AssertClose(expected, y, 0, 0);
    }

    [Fact]
    public void Integers_before_opset_12_are_a_clear_error()
    {
        var model = new OnnxModelBuilder(11).Input("a", [3], DataType.Int32).Input("b", [3], DataType.Int32).Node(OpType, ["a", "b"], ["y"]).Output("y", DataType.Int32).Build();
        OperatorCheck.ImportFails(model, $"{OpType} node", "before opset 12", "found Int32");
    }
}
