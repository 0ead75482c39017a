using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>The cases every comparison runs (Equal, Greater, GreaterOrEqual, Less, LessOrEqual): exact bool results.</summary>
public abstract class ComparisonOpTests
{
    public static TheoryData<DataType> NumericTypes => [.. TypedTensors.NumericTypes];

    protected abstract string OpType { get; }

    /// <summary>The opset the operator's current form starts at.</summary>
    protected virtual int FirstOpset => 7;

    [Theory]
    [MemberData(nameof(BinaryOpTests.Shapes), MemberType = typeof(BinaryOpTests))]
    public void Matches_ort_with_broadcasting(int[] a, int[] b)
    {
        foreach (int opset in new[] { FirstOpset, 13 })
        {
            // Integer-valued floats so that equal elements occur.
            var model = new OnnxModelBuilder(opset).Input("a", a).Input("b", b).Node(OpType, ["a", "b"], ["y"]).Output("y", DataType.Bool).Build();
            var ta = TypedTensors.Of(DataType.Float32, a, [.. Enumerable.Range(0, new TensorShape(a).ElementCount).Select(i => (double)(i % 3))]);
            var tb = TypedTensors.Of(DataType.Float32, b, [.. Enumerable.Range(0, new TensorShape(b).ElementCount).Select(i => (double)((i + 1) % 3))]);
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["a"] = ta, ["b"] = tb }, 0, 0);
        }
    }

    [Theory]
    [MemberData(nameof(NumericTypes))]
    public void Every_numeric_type_matches_ort(DataType type)
    {
        double[] a = [-1e30, 1e30, 0, 5, -3, 7, 100, 1e30];
        double[] b = [-1e30, -1e30, 0, 6, -3, -7, 99, 1e30];
        if (type.IsFloatingPoint())
        {
            a = [.. a, double.NaN, 1, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0];
            b = [.. b, 1, double.NaN, double.NaN, double.PositiveInfinity, double.PositiveInfinity, 0];
        }

        var model = new OnnxModelBuilder(13).Input("a", [a.Length], type).Input("b", [b.Length], type)
            .Node(OpType, ["a", "b"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["a"] = TypedTensors.Vector(type, a), ["b"] = TypedTensors.Vector(type, b) }, 0, 0);
    }

    [Fact]
    public void Mixed_types_and_incompatible_shapes_are_clear_errors()
    {
        var mixed = new OnnxModelBuilder(13).Input("a", [3]).Input("b", [3], DataType.Int64).Node(OpType, ["a", "b"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.ImportFails(mixed, $"{OpType} node", "same element type", "Float32", "Int64");
        var shapes = new OnnxModelBuilder(13).Input("a", [2, 3]).Input("b", [4]).Node(OpType, ["a", "b"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.ImportFails(shapes, $"{OpType} node", "cannot be broadcast");
    }
}
