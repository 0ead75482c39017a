using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>
/// The fp32 cases of <see cref="UnaryOpTests"/>, plus every floating-point type the operator accepts at awkward shapes,
/// special values (NaN, ±∞, ±0, domain edges) and the op's first opset, each compared with ONNX Runtime within
/// <see cref="TypedTensors.Tolerance"/> (1e-6 relative for fp32).
/// </summary>
public abstract class FloatFunctionTests : UnaryOpTests
{
    public static TheoryData<DataType> FloatTypes => [.. TypedTensors.FloatTypes];

    /// <summary>The floating-point types the operator accepts.</summary>
    protected virtual DataType[] Types => TypedTensors.FloatTypes;

    /// <summary>
    /// The types ONNX Runtime's CPU provider runs the operator in; the others in <see cref="Types"/> (fp64 for most
    /// activations) are checked against its fp32 result on the same values, within the fp32 tolerance.
    /// </summary>
    protected virtual DataType[] OrtTypes => TypedTensors.FloatTypes;

    /// <summary>The interval random inputs are drawn from (the function's domain, where it is narrower than ℝ).</summary>
    protected virtual (double Low, double High) Range => (-6, 6);

    /// <summary>The opset the operator first appeared in (with its current attributes), or 7, Memflux's first.</summary>
    protected virtual int FirstOpset => 7;

    /// <summary>Values beyond the common special values that matter for this function (domain edges, poles).</summary>
    protected virtual double[] ExtraSpecialValues => [];

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void Every_float_type_matches_ort(DataType type)
    {
        if (!Types.Contains(type))
        {
            return;
        }

        foreach (var dims in new[] { Array.Empty<int>(), [1], [7], [3, 1, 5], [2, 3, 5, 11] })
        {
            var model = new OnnxModelBuilder(Opset).Input("x", dims, type).Node(OpType, ["x"], ["y"], Attributes).Output("y", type).Build();
            if (OrtTypes.Contains(type))
            {
                var x = TypedTensors.Uniform(type, dims.Length + 3, dims, Range.Low, Range.High);
                OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, TypedTensors.Tolerance(type), TypedTensors.Tolerance(type));
                continue;
            }

            // ONNX Runtime lacks the type: the same values (exact in fp32) through its fp32 kernel.
            var x32 = TypedTensors.Uniform(DataType.Float32, dims.Length + 3, dims, Range.Low, Range.High);
            var model32 = new OnnxModelBuilder(Opset).Input("x", dims).Node(OpType, ["x"], ["y"], Attributes).Output("y").Build();
            var expected = OrtOracle.Run(model32, new Dictionary<string, Tensor> { ["x"] = x32 })["y"];
            var xWide = TypedTensors.Of(type, dims, [.. x32.Float32.ToArray().Select(v => (double)v)]);
            var actual = new Memflux.Graph.Execution.ReferenceExecutor(Memflux.Onnx.OnnxImporter.Load(model, "test.onnx"))
                .Run(new Dictionary<string, Tensor> { ["x"] = xWide })["y"];
            Assert.Equal(type, actual.Type);
            var narrowed = TypedTensors.Of(DataType.Float32, dims, [.. Enumerable.Range(0, actual.Length).Select(actual.GetAsDouble)]);
            OperatorCheck.AssertClose(expected, narrowed, TypedTensors.Float32Tolerance, TypedTensors.Float32Tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void Nan_infinities_zeros_and_domain_edges_match_ort(DataType type)
    {
        if (!Types.Contains(type) || !OrtTypes.Contains(type))
        {
            return;
        }

        double[] values = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1, -1, 0.5, -0.5, 2.5, -2.5, 1e-30, -1e-30, 60, -60, 700, -700, .. ExtraSpecialValues];
        var model = new OnnxModelBuilder(Opset).Input("x", [values.Length], type).Node(OpType, ["x"], ["y"], Attributes).Output("y", type).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Vector(type, values) }, TypedTensors.Tolerance(type), TypedTensors.Tolerance(type));
    }

    [Fact]
    public void First_opset_matches_ort()
    {
        var model = new OnnxModelBuilder(FirstOpset).Input("x", [4, 9]).Node(OpType, ["x"], ["y"], Attributes).Output("y").Build();
        var x = TypedTensors.Uniform(DataType.Float32, 8, [4, 9], Range.Low, Range.High);
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, TypedTensors.Float32Tolerance, TypedTensors.Float32Tolerance);
    }

    [Fact]
    public void Integer_input_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(Opset).Input("x", [3], DataType.UInt8).Node(OpType, ["x"], ["y"], Attributes).Output("y", DataType.UInt8).Build();
        OperatorCheck.ImportFails(model, $"{OpType} node", "input 0 must be Float32", "found UInt8");
    }
}
