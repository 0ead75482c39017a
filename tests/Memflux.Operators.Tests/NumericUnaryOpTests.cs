using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>
/// A one-input operator over numeric types (Abs, Neg, Sign, Shrink): every type it accepts against ONNX Runtime (exact
/// for integers, with the type's extremes; NaN, ±∞, ±0 for floats), and a clear error for every type it refuses.
/// </summary>
public abstract class NumericUnaryOpTests
{
    public static TheoryData<DataType> AllTypes => [.. TypedTensors.NumericTypes, DataType.Bool];

    protected abstract string OpType { get; }

    protected virtual int Opset => 13;

    protected virtual (string Name, object Value)[] Attributes => [];

    /// <summary>The types the operator accepts (all numeric types unless overridden).</summary>
    protected virtual DataType[] Types => TypedTensors.NumericTypes;

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_type_matches_ort_or_is_a_clear_error(DataType type)
    {
        double[] values = [-1e30, 1e30, 0, -1, 1, 2, -2, 3, -3, 7, -100, 100, 127, -128, 255, 0.5, -0.5, 1.5, -2.5];
        if (type.IsFloatingPoint())
        {
            values = [.. values, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 1e-30];
        }

        var model = new OnnxModelBuilder(Opset).Input("x", [values.Length], type).Node(OpType, ["x"], ["y"], Attributes).Output("y", type).Build();
        if (!Types.Contains(type))
        {
            OperatorCheck.ImportFails(model, $"{OpType} node", "input 0 must be", $"found {type}");
            return;
        }

        float tolerance = TypedTensors.Tolerance(type);
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Vector(type, values) }, tolerance, tolerance);
        var random = TypedTensors.Uniform(type, 3, [2, 3, 5], -100, 100);
        var model2 = new OnnxModelBuilder(Opset).Input("x", [2, 3, 5], type).Node(OpType, ["x"], ["y"], Attributes).Output("y", type).Build();
        OperatorCheck.MatchesOrt(model2, new Dictionary<string, Tensor> { ["x"] = random }, tolerance, tolerance);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 3, 1, 5 })]
    [InlineData(new[] { 2, 3, 5, 11 })]
    public void Awkward_shapes_match_ort(int[] dims)
    {
        var model = new OnnxModelBuilder(Opset).Input("x", dims).Node(OpType, ["x"], ["y"], Attributes).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Uniform(DataType.Float32, 4, dims, -5, 5) }, 0, 0);
    }
}
