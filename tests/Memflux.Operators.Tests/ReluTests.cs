using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class ReluTests : FloatFunctionTests
{
    public static TheoryData<DataType> SignedIntegerTypes => [DataType.Int8, DataType.Int16, DataType.Int32, DataType.Int64];

    protected override string OpType => "Relu";

    protected override int FirstOpset => 7;

    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 3, 7 })]
    [InlineData(new[] { 2, 3, 5, 11 })]
    public void Matches_ort_at_opset_14(int[] dims)
    {
        var model = new OnnxModelBuilder(opset: 14).Input("x", dims).Node("Relu", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(1, dims) });
    }

    [Theory]
    [MemberData(nameof(SignedIntegerTypes))]
    public void Signed_integers_from_opset_14_are_exact(DataType type)
    {
        var x = TypedTensors.Vector(type, -128, -1, 0, 1, 127, -5, 3);
        var y = Run(type, x);
        var expected = TypedTensors.Vector(type, 0, 0, 0, 1, 127, 0, 3);
        OperatorCheck.AssertClose(expected, y, 0, 0);
        if (type is DataType.Int8 or DataType.Int32)
        {
            // The types ONNX Runtime's CPU provider implements.
            var model = new OnnxModelBuilder(14).Input("x", [7], type).Node("Relu", ["x"], ["y"]).Output("y", type).Build();
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, 0, 0);
        }
    }

    [Fact]
    public void Integers_before_opset_14_are_a_clear_error()
    {
        var model = new OnnxModelBuilder(13).Input("x", [3], DataType.Int32).Node("Relu", ["x"], ["y"]).Output("y", DataType.Int32).Build();
        OperatorCheck.ImportFails(model, "Relu node", "must be Float32, Float64, Float16", "found Int32");
    }

    private static Tensor Run(DataType type, Tensor x)
    {
        var model = new OnnxModelBuilder(14).Input("x", [x.Length], type).Node("Relu", ["x"], ["y"]).Output("y", type).Build();
        return new Memflux.Graph.Execution.ReferenceExecutor(Memflux.Onnx.OnnxImporter.Load(model, "relu.onnx")).Run(new Dictionary<string, Tensor> { ["x"] = x })["y"];
    }
}
