using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class ModTests
{
    public static TheoryData<DataType, long> TypesAndModes()
    {
        var data = new TheoryData<DataType, long>();
        foreach (var type in TypedTensors.IntegerTypes)
        {
            data.Add(type, 0);
            data.Add(type, 1);
        }

        foreach (var type in TypedTensors.FloatTypes)
        {
            data.Add(type, 1);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypesAndModes))]
    public void Sign_rules_match_ort(DataType type, long fmod)
    {
        // Every sign combination, remainders of 0, a dividend smaller than the divisor, and the type's extremes.
        double[] a = [7, -7, 7, -7, 6, -6, 2, -2, 0, -1e30, 1e30, -1e30, 1e30, 13, 100];
        double[] b = [3, 3, -3, -3, 3, -3, 5, 5, 4, 7, 7, -7, 1e30, 1e30, -1e30];
        if (!type.IsSigned())
        {
            b = [.. b.Select(Math.Abs)];
        }

        if (type.IsFloatingPoint())
        {
            a = [.. a, 5.5, -5.5, 5.5, double.PositiveInfinity, 3, double.NaN, 1, -0.0, 1e-30];
            b = [.. b, 2, 2, -2, 2, double.PositiveInfinity, 2, 0, 3, 0.3];
        }

        var model = new OnnxModelBuilder(13).Input("a", [a.Length], type).Input("b", [b.Length], type)
            .Node("Mod", ["a", "b"], ["y"], ("fmod", fmod)).Output("y", type).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["a"] = TypedTensors.Vector(type, a), ["b"] = TypedTensors.Vector(type, b) }, 0, 0);
    }

    [Theory]
    [MemberData(nameof(BinaryOpTests.Shapes), MemberType = typeof(BinaryOpTests))]
    public void Broadcasting_matches_ort(int[] a, int[] b)
    {
        var model = new OnnxModelBuilder(10).Input("a", a, DataType.Int64).Input("b", b, DataType.Int64).Node("Mod", ["a", "b"], ["y"]).Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor>
        {
            ["a"] = RandomTensors.UniformInt64(1, a, -1000, 1000),
            ["b"] = RandomTensors.UniformInt64(2, b, 1, 50),
        }, 0, 0);
        var fmodel = new OnnxModelBuilder(13).Input("a", a).Input("b", b).Node("Mod", ["a", "b"], ["y"], ("fmod", 1L)).Output("y").Build();
        OperatorCheck.MatchesOrt(fmodel, new Dictionary<string, Tensor>
        {
            ["a"] = RandomTensors.Uniform(1, a, -10, 10),
            ["b"] = RandomTensors.Uniform(2, b, -3, 3),
        }, 0, 0);
    }

    [Fact]
    public void Most_negative_integer_modulo_minus_one_is_zero()
    {
        var model = new OnnxModelBuilder(13).Input("a", [2], DataType.Int32).Input("b", [2], DataType.Int32).Node("Mod", ["a", "b"], ["y"]).Output("y", DataType.Int32).Build();
        var y = new Memflux.Graph.Execution.ReferenceExecutor(Memflux.Onnx.OnnxImporter.Load(model, "t.onnx")).Run(new Dictionary<string, Tensor>
        {
            ["a"] = TypedTensors.Vector(DataType.Int32, int.MinValue, 5),
            ["b"] = TypedTensors.Vector(DataType.Int32, -1, -1),
        })["y"];
        OperatorCheck.AssertClose(TypedTensors.Vector(DataType.Int32, 0, 0), y, 0, 0);
    }

    [Fact]
    public void Integer_modulo_by_zero_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(13).Input("a", [2], DataType.Int32).Input("b", [2], DataType.Int32).Node("Mod", ["a", "b"], ["y"]).Output("y", DataType.Int32).Build();
        OperatorCheck.RunFails(model, new Dictionary<string, Tensor> { ["a"] = TypedTensors.Vector(DataType.Int32, 1, 2), ["b"] = TypedTensors.Vector(DataType.Int32, 3, 0) }, "modulo by zero");
    }

    [Fact]
    public void Float_without_fmod_and_bad_fmod_are_clear_errors()
    {
        var noFmod = new OnnxModelBuilder(13).Input("a", [2]).Input("b", [2]).Node("Mod", ["a", "b"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(noFmod, "Mod node", "'fmod' must be 1 for floating-point inputs (Float32)");
        var bad = new OnnxModelBuilder(13).Input("a", [2], DataType.Int32).Input("b", [2], DataType.Int32).Node("Mod", ["a", "b"], ["y"], ("fmod", 2L)).Output("y", DataType.Int32).Build();
        OperatorCheck.ImportFails(bad, "Mod node", "'fmod' must be 0 or 1, found 2");
    }
}
