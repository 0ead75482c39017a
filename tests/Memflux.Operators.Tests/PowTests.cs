using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class PowTests
{
    private static readonly DataType[] BaseTypes = [DataType.Float32, DataType.Float64, DataType.Float16, DataType.Int32, DataType.Int64];

    private static readonly DataType[] OrtExponentTypes = [DataType.Float32, DataType.Float64, DataType.Float16, DataType.Int32, DataType.Int64];

    public static TheoryData<DataType, DataType> TypePairs()
    {
        var data = new TheoryData<DataType, DataType>();
        foreach (var b in BaseTypes)
        {
            foreach (var e in OrtExponentTypes)
            {
                data.Add(b, e);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypePairs))]
    public void Every_base_and_exponent_type_pair_matches_ort(DataType baseType, DataType exponentType)
    {
        double[] x = [2, -2, 3, 0, 1, -1, 10, 7, -3, 0.5, 2];
        double[] e = [3, 3, 0, 0, 5, 7, 2, -1, 4, 2, 31];
        if (baseType.IsFloatingPoint() && exponentType.IsFloatingPoint())
        {
            x = [.. x, 2, -8, double.NaN, 1, double.PositiveInfinity, 0, -0.0, 4];
            e = [.. e, 0.5, 1.0 / 3, 0, double.NaN, -1, -1, -1, 1.5];
        }

        if (baseType == DataType.Int64)
        {
            x = [.. x, 3, 2];
            e = [.. e, 39, 62]; // above 2^53 for 3^39: ONNX Runtime's pow goes through fp64
        }

        float tolerance = baseType == DataType.Float16 ? TypedTensors.Float16Tolerance : baseType == DataType.Float32 ? TypedTensors.Float32Tolerance : baseType == DataType.Float64 ? TypedTensors.Float64Tolerance : 0;
        var model = new OnnxModelBuilder(15).Input("x", [x.Length], baseType).Input("e", [e.Length], exponentType)
            .Node("Pow", ["x", "e"], ["y"]).Output("y", baseType).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Vector(baseType, x), ["e"] = TypedTensors.Vector(exponentType, e) }, tolerance, tolerance);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void Scalar_exponent_matches_ort(double exponent)
    {
        foreach (var type in new[] { DataType.Float32, DataType.Int32, DataType.Float64 })
        {
            var model = new OnnxModelBuilder(13).Input("x", [3, 17], type).Initializer("e", TypedTensors.Of(DataType.Float32, [], [exponent]))
                .Node("Pow", ["x", "e"], ["y"]).Output("y", type).Build();
            float tolerance = TypedTensors.Tolerance(type);
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Uniform(type, 3, [3, 17], -20, 20) }, tolerance, tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(BinaryOpTests.Shapes), MemberType = typeof(BinaryOpTests))]
    public void Broadcasting_matches_ort(int[] a, int[] b)
    {
        foreach (int opset in new[] { 7, 12 })
        {
            var model = new OnnxModelBuilder(opset).Input("x", a).Input("e", b).Node("Pow", ["x", "e"], ["y"]).Output("y").Build();
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor>
            {
                ["x"] = TypedTensors.Uniform(DataType.Float32, 1, a, 0.1, 4),
                ["e"] = TypedTensors.Uniform(DataType.Float32, 2, b, -3, 3),
            }, TypedTensors.Float32Tolerance, TypedTensors.Float32Tolerance);
        }
    }

    [Theory]
    [InlineData(DataType.UInt8)]
    [InlineData(DataType.UInt32)]
    [InlineData(DataType.UInt64)]
    [InlineData(DataType.Int8)]
    public void Exponent_types_without_an_ort_kernel_match_the_int64_exponent(DataType exponentType)
    {
        // ONNX allows every numeric exponent type from opset 12; ONNX Runtime runs int32/int64/float ones. The same
        // exponents as int64 give the expected result.
        double[] x = [2, -3, 1.5, 10];
        double[] e = [3, 2, 4, 0];
        var model = new OnnxModelBuilder(15).Input("x", [4]).Input("e", [4], exponentType).Node("Pow", ["x", "e"], ["y"]).Output("y").Build();
        var reference = new OnnxModelBuilder(15).Input("x", [4]).Input("e", [4], DataType.Int64).Node("Pow", ["x", "e"], ["y"]).Output("y").Build();
        var expected = OrtOracle.Run(reference, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Vector(DataType.Float32, x), ["e"] = TypedTensors.Vector(DataType.Int64, e) })["y"];
        var actual = new Memflux.Graph.Execution.ReferenceExecutor(Memflux.Onnx.OnnxImporter.Load(model, "t.onnx"))
            .Run(new Dictionary<string, Tensor> { ["x"] = TypedTensors.Vector(DataType.Float32, x), ["e"] = TypedTensors.Vector(exponentType, e) })["y"];
        OperatorCheck.AssertClose(expected, actual, 0, 0);
    }

    [Fact]
    public void Bad_types_are_clear_errors()
    {
        var mixedBefore12 = new OnnxModelBuilder(11).Input("x", [2]).Input("e", [2], DataType.Int64).Node("Pow", ["x", "e"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(mixedBefore12, "Pow node", "before opset 12", "Float32 and Int64");
        var intBase = new OnnxModelBuilder(15).Input("x", [2], DataType.UInt8).Input("e", [2], DataType.UInt8).Node("Pow", ["x", "e"], ["y"]).Output("y", DataType.UInt8).Build();
        OperatorCheck.ImportFails(intBase, "Pow node", "input 0 (base) must be Int32, Int64, Float32, Float64 or Float16, found UInt8");
        var boolExponent = new OnnxModelBuilder(15).Input("x", [2]).Input("e", [2], DataType.Bool).Node("Pow", ["x", "e"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(boolExponent, "Pow node", "exponent", "found Bool");
    }
}
