using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class PReluTests
{
    public static TheoryData<int[], int[]> Shapes => new()
    {
        { new[] { 2, 3, 4, 5 }, new[] { 3, 1, 1 } },   // per channel, as PyTorch exports it
        { new[] { 2, 3, 4, 5 }, new[] { 1 } },
        { new[] { 2, 3, 4, 5 }, new[] { 2, 3, 4, 5 } },
        { new[] { 7 }, Array.Empty<int>() },
        { new[] { 3, 4 }, new[] { 4 } },
        { Array.Empty<int>(), Array.Empty<int>() },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_ort(int[] x, int[] slope)
    {
        foreach (int opset in new[] { 7, 9, 16 })
        {
            var model = new OnnxModelBuilder(opset).Input("x", x).Input("slope", slope).Node("PRelu", ["x", "slope"], ["y"]).Output("y").Build();
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor>
            {
                ["x"] = TypedTensors.Uniform(DataType.Float32, 1, x, -3, 3),
                ["slope"] = TypedTensors.Uniform(DataType.Float32, 2, slope, -1, 1),
            }, 0, 0);
        }
    }

    [Fact]
    public void Constant_slope_special_values_and_fp16_match_ort()
    {
        foreach (var type in new[] { DataType.Float32, DataType.Float16 })
        {
            var model = new OnnxModelBuilder(16).Input("x", [2, 4], type).Initializer("slope", TypedTensors.Of(type, [2, 1], [0.25, -2]))
                .Node("PRelu", ["x", "slope"], ["y"]).Output("y", type).Build();
            var x = TypedTensors.Of(type, [2, 4], [double.NaN, double.NegativeInfinity, -0.0, -1.5, double.PositiveInfinity, -3, 0, 2]);
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, 0, 0);
        }
    }

    [Theory]
    [InlineData(DataType.Float64)]
    [InlineData(DataType.Int32)]
    [InlineData(DataType.Int64)]
    [InlineData(DataType.UInt32)]
    public void Types_without_an_ort_kernel_are_exact(DataType type)
    {
        var model = new OnnxModelBuilder(16).Input("x", [4], type).Input("slope", [1], type).Node("PRelu", ["x", "slope"], ["y"]).Output("y", type).Build();
        var y = new Memflux.Graph.Execution.ReferenceExecutor(Memflux.Onnx.OnnxImporter.Load(model, "t.onnx"))
            .Run(new Dictionary<string, Tensor> { ["x"] = TypedTensors.Vector(type, -3, 0, 5, -1), ["slope"] = TypedTensors.Vector(type, 2) })["y"];
        var expected = type == DataType.UInt32 ? TypedTensors.Vector(type, 0, 0, 5, 0) : TypedTensors.Vector(type, -6, 0, 5, -2);
        OperatorCheck.AssertClose(expected, y, 0, 0);
    }

    [Fact]
    public void Slope_that_does_not_broadcast_to_x_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(16).Input("x", [3, 1]).Input("slope", [4]).Node("PRelu", ["x", "slope"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(model, "PRelu node", "must broadcast to X's shape [3,1]", "[3,4]");
    }

    [Fact]
    public void Integers_before_opset_9_and_bool_are_clear_errors()
    {
        var model = new OnnxModelBuilder(8).Input("x", [3], DataType.Int32).Input("slope", [1], DataType.Int32).Node("PRelu", ["x", "slope"], ["y"]).Output("y", DataType.Int32).Build();
        OperatorCheck.ImportFails(model, "PRelu node", "from opset 9", "found Int32");
        var u8 = new OnnxModelBuilder(16).Input("x", [3], DataType.UInt8).Input("slope", [1], DataType.UInt8).Node("PRelu", ["x", "slope"], ["y"]).Output("y", DataType.UInt8).Build();
        OperatorCheck.ImportFails(u8, "PRelu node", "found UInt8");
    }
}
