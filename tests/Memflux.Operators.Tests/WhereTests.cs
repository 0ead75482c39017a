using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class WhereTests
{
    public static TheoryData<int[], int[], int[]> Shapes => new()
    {
        { new[] { 2, 3 }, new[] { 2, 3 }, new[] { 2, 3 } },
        { new[] { 2, 1 }, new[] { 1, 3 }, Array.Empty<int>() },     // three-way broadcast
        { Array.Empty<int>(), new[] { 4 }, new[] { 3, 4 } },
        { new[] { 3, 1, 5 }, new[] { 1 }, new[] { 2, 1, 1, 5 } },
        { new[] { 7 }, new[] { 7 }, new[] { 1 } },
        { Array.Empty<int>(), Array.Empty<int>(), Array.Empty<int>() },
    };

    public static TheoryData<DataType> AllTypes => [.. TypedTensors.NumericTypes, DataType.Bool];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_ort_with_three_way_broadcasting(int[] c, int[] x, int[] y)
    {
        foreach (int opset in new[] { 9, 16 })
        {
            var model = new OnnxModelBuilder(opset).Input("c", c, DataType.Bool).Input("x", x).Input("y", y)
                .Node("Where", ["c", "x", "y"], ["z"]).Output("z").Build();
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor>
            {
                ["c"] = TypedTensors.Bools(3, c),
                ["x"] = TypedTensors.Uniform(DataType.Float32, 1, x),
                ["y"] = TypedTensors.Uniform(DataType.Float32, 2, y),
            }, 0, 0);
        }
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_element_type_is_selected_bit_exactly(DataType type)
    {
        var model = new OnnxModelBuilder(16).Input("c", [2, 3], DataType.Bool).Input("x", [3], type).Input("y", [2, 1], type)
            .Node("Where", ["c", "x", "y"], ["z"]).Output("z", type).Build();
        var x = type == DataType.Bool ? Tensor.From(new[] { true, false, true }, new TensorShape(3)) : TypedTensors.Vector(type, 1e30, -1e30, 7);
        var y = type == DataType.Bool ? Tensor.From(new[] { false, true }, new TensorShape(2, 1)) : TypedTensors.Of(type, [2, 1], [-3, 200]);
        var inputs = new Dictionary<string, Tensor> { ["c"] = Tensor.From(new[] { true, false, true, false, true, false }, new TensorShape(2, 3)), ["x"] = x, ["y"] = y };
        if (type is DataType.Int16 or DataType.UInt16 or DataType.UInt64 or DataType.Bool)
        {
            // ONNX Runtime's CPU provider has no Where kernel for these types; the selection is checked directly.
            var z = new Memflux.Graph.Execution.ReferenceExecutor(Memflux.Onnx.OnnxImporter.Load(model, "t.onnx")).Run(inputs)["z"];
            Assert.Equal(type, z.Type);
            double[] expected = [x.GetAsDouble(0), y.GetAsDouble(0), x.GetAsDouble(2), y.GetAsDouble(1), x.GetAsDouble(1), y.GetAsDouble(1)];
            Assert.Equal(expected, Enumerable.Range(0, 6).Select(z.GetAsDouble));
            return;
        }

        OperatorCheck.MatchesOrt(model, inputs, 0, 0);
    }

    [Fact]
    public void Bad_condition_mixed_types_and_shapes_are_clear_errors()
    {
        var condition = new OnnxModelBuilder(16).Input("c", [3]).Input("x", [3]).Input("y", [3]).Node("Where", ["c", "x", "y"], ["z"]).Output("z").Build();
        OperatorCheck.ImportFails(condition, "Where node", "condition", "must be Bool", "found Float32");
        var mixed = new OnnxModelBuilder(16).Input("c", [3], DataType.Bool).Input("x", [3]).Input("y", [3], DataType.Int64).Node("Where", ["c", "x", "y"], ["z"]).Output("z").Build();
        OperatorCheck.ImportFails(mixed, "Where node", "same element type", "Float32", "Int64");
        var shapes = new OnnxModelBuilder(16).Input("c", [2], DataType.Bool).Input("x", [3]).Input("y", [3]).Node("Where", ["c", "x", "y"], ["z"]).Output("z").Build();
        OperatorCheck.ImportFails(shapes, "Where node", "cannot be broadcast");
    }
}
