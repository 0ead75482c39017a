using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>The broadcasting cases every binary elementwise operator runs (Add, Sub, Mul, Div).</summary>
public abstract class BinaryOpTests
{
    public static TheoryData<int[], int[]> Shapes => new()
    {
        { new[] { 2, 3, 5, 7 }, new[] { 2, 3, 5, 7 } },   // same shape (residual Add)
        { new[] { 3, 4 }, Array.Empty<int>() },             // rank-0 scalar on the right
        { Array.Empty<int>(), new[] { 3, 4 } },             // and on the left
        { Array.Empty<int>(), Array.Empty<int>() },
        { new[] { 1 }, new[] { 7 } },
        { new[] { 9 }, new[] { 1 } },
        { new[] { 2, 3, 4, 5 }, new[] { 3, 1, 1 } },        // per-channel bias
        { new[] { 3, 1, 1 }, new[] { 2, 3, 4, 5 } },        // bias on the left
        { new[] { 4, 1, 5 }, new[] { 3, 1 } },              // both operands broadcast
        { new[] { 5, 1 }, new[] { 1, 6 } },                 // outer product
        { new[] { 1, 1 }, new[] { 1, 1 } },
        { new[] { 2, 1, 3, 1, 5 }, new[] { 7, 1, 4, 5 } },  // alternating
        { new[] { 1, 1, 17 }, new[] { 2, 3, 17 } },
    };

    public static TheoryData<DataType> NumericTypes => [.. TypedTensors.NumericTypes];

    protected abstract string OpType { get; }

    [Theory]
    [MemberData(nameof(NumericTypes))]
    public void Every_numeric_type_matches_ort(DataType type)
    {
        // Integer results wrap (two's complement) as ONNX Runtime's do: the extremes are in the operands.
        var model = new OnnxModelBuilder(14).Input("a", [2, 3, 4], type).Input("b", [3, 1], type)
            .Node(OpType, ["a", "b"], ["y"]).Output("y", type).Build();
        var a = TypedTensors.Uniform(type, 1, [2, 3, 4], -100, 100);
        var b = TypedTensors.Of(type, [3, 1], [3, 7, 1e30]);
        float tolerance = type.IsFloatingPoint() ? 1e-6f : 0f;
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b }, tolerance, tolerance);
        var extremes = TypedTensors.Vector(type, -1e30, 1e30, -1e30, 1e30, -1, 1);
        var divisors = type.IsSigned() ? TypedTensors.Vector(type, 2, 1e30, -1e30, 3, 5, -7) : TypedTensors.Vector(type, 2, 1e30, 1, 3, 5, 7);
        var same = new OnnxModelBuilder(14).Input("a", [6], type).Input("b", [6], type).Node(OpType, ["a", "b"], ["y"]).Output("y", type).Build();
        OperatorCheck.MatchesOrt(same, new Dictionary<string, Tensor> { ["a"] = extremes, ["b"] = divisors }, tolerance, tolerance);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_ort_fp32(int[] a, int[] b)
    {
        foreach (int opset in new[] { 7, 14 })
        {
            var model = new OnnxModelBuilder(opset).Input("a", a).Input("b", b).Node(OpType, ["a", "b"], ["y"]).Output("y").Build();
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor>
            {
                ["a"] = RandomTensors.Uniform(1, a),
                ["b"] = RandomTensors.Uniform(2, b, 0.5f, 2f),
            });
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_ort_int64(int[] a, int[] b)
    {
        var model = new OnnxModelBuilder(14).Input("a", a, DataType.Int64).Input("b", b, DataType.Int64)
            .Node(OpType, ["a", "b"], ["y"]).Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor>
        {
            ["a"] = RandomTensors.UniformInt64(1, a, -1000, 1000),
            ["b"] = RandomTensors.UniformInt64(2, b, 1, 50),
        });
    }

    [Fact]
    public void Constant_operand_matches_ort()
    {
        var model = new OnnxModelBuilder(13).Input("a", [2, 3]).Initializer("b", RandomTensors.Uniform(3, [3], 0.5f, 2f))
            .Node(OpType, ["b", "a"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["a"] = RandomTensors.Uniform(1, [2, 3]) });
    }

    [Fact]
    public void Incompatible_shapes_are_a_clear_error()
    {
        var model = new OnnxModelBuilder(14).Input("a", [2, 3]).Input("b", [4]).Node(OpType, ["a", "b"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(model, $"{OpType} node", "[2,3]", "[4]", "cannot be broadcast");
    }

    [Fact]
    public void Mixed_element_types_are_a_clear_error()
    {
        var model = new OnnxModelBuilder(14).Input("a", [2, 3]).Input("b", [3], DataType.Int64).Node(OpType, ["a", "b"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(model, "same element type", "Float32", "Int64");
    }
}
