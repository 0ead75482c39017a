using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>The cases every variadic elementwise operator runs (Max, Min, Sum, Mean): 1 to 4 inputs, broadcasting, types, NaN.</summary>
public abstract class VariadicOpTests
{
    public static TheoryData<int[][]> Shapes => new()
    {
        new[] { new[] { 3, 4 } },                                        // one input: a copy
        new[] { new[] { 3, 4 }, new[] { 3, 4 } },
        new[] { Array.Empty<int>(), new[] { 5 } },
        new[] { new[] { 2, 1, 4 }, new[] { 3, 1 }, new[] { 4 } },         // three-way broadcast
        new[] { new[] { 1 }, new[] { 2, 3 }, new[] { 2, 1 }, new[] { 1, 3 } },
        new[] { new[] { 2, 3, 5, 7 }, new[] { 2, 3, 5, 7 }, new[] { 7 } },
    };

    public static TheoryData<DataType> AllTypes => [.. TypedTensors.NumericTypes, DataType.Bool];

    protected abstract string OpType { get; }

    /// <summary>The types the operator accepts from opset 13.</summary>
    protected abstract DataType[] Types { get; }

    /// <summary>The types ONNX Runtime's CPU provider runs it in.</summary>
    protected virtual DataType[] OrtTypes => Types;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_ort_fp32(int[][] shapes)
    {
        foreach (int opset in new[] { 8, 13 })
        {
            var builder = new OnnxModelBuilder(opset);
            var inputs = new Dictionary<string, Tensor>();
            for (int i = 0; i < shapes.Length; i++)
            {
                builder.Input($"x{i}", shapes[i]);
                inputs[$"x{i}"] = TypedTensors.Uniform(DataType.Float32, i + 1, shapes[i], -5, 5);
            }

            var model = builder.Node(OpType, [.. inputs.Keys], ["y"]).Output("y").Build();
            OperatorCheck.MatchesOrt(model, inputs, 1e-6f, 1e-6f);
        }
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_type_matches_ort_or_is_a_clear_error(DataType type)
    {
        var model = new OnnxModelBuilder(13).Input("a", [2, 3], type).Input("b", [3], type).Input("c", [2, 1], type)
            .Node(OpType, ["a", "b", "c"], ["y"]).Output("y", type).Build();
        if (!Types.Contains(type))
        {
            OperatorCheck.ImportFails(model, $"{OpType} node", "inputs must be", $"found {type}");
            return;
        }

        if (!OrtTypes.Contains(type))
        {
            return; // Accepted by ONNX and Memflux; ONNX Runtime has no kernel to compare with (the exact cases below cover it).
        }

        var inputs = new Dictionary<string, Tensor>
        {
            ["a"] = TypedTensors.Of(type, [2, 3], [-1e30, 1e30, 5, -3, 0, 100]),
            ["b"] = TypedTensors.Vector(type, 1e30, -1e30, 4),
            ["c"] = TypedTensors.Of(type, [2, 1], [-2, 7]),
        };
        float tolerance = type.IsFloatingPoint() ? TypedTensors.Tolerance(type) : 0f;
        if (type.IsFloatingPoint())
        {
            inputs["a"] = TypedTensors.Of(type, [2, 3], [-1e3, 1e3, 5, -3, 0, 100]);
            inputs["b"] = TypedTensors.Vector(type, 1e3, -1e3, 4);
        }

        OperatorCheck.MatchesOrt(model, inputs, tolerance, tolerance);
    }

    [Fact]
    public void Nan_propagates_like_ort()
    {
        foreach (var type in TypedTensors.FloatTypes.Where(OrtTypes.Contains))
        {
            var model = new OnnxModelBuilder(13).Input("a", [6], type).Input("b", [6], type).Node(OpType, ["a", "b"], ["y"]).Output("y", type).Build();
            var a = TypedTensors.Vector(type, double.NaN, 1, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0);
            var b = TypedTensors.Vector(type, 1, double.NaN, double.NaN, double.NegativeInfinity, 3, 0);
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b }, 0, 0);
        }
    }

    [Fact]
    public void Mixed_types_and_incompatible_shapes_are_clear_errors()
    {
        var mixed = new OnnxModelBuilder(13).Input("a", [3]).Input("b", [3], DataType.Float64).Node(OpType, ["a", "b"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(mixed, $"{OpType} node", "one element type", "Float32 (input 0)", "Float64 (input 1)");
        var shapes = new OnnxModelBuilder(13).Input("a", [3]).Input("b", [3]).Input("c", [4]).Node(OpType, ["a", "b", "c"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(shapes, $"{OpType} node", "cannot be broadcast", "[4]");
    }
}
