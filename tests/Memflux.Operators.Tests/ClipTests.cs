using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class ClipTests
{
    private static Dictionary<string, Tensor> X(int[] dims) => new() { ["x"] = RandomTensors.Uniform(1, dims, -3f, 3f) };

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 3, 1, 19 })]
    public void Attributes_before_opset_11_match_ort(int[] dims)
    {
        var both = new OnnxModelBuilder(7).Input("x", dims).Node("Clip", ["x"], ["y"], ("min", -0.5f), ("max", 1.25f)).Output("y").Build();
        OperatorCheck.MatchesOrt(both, X(dims));
        var minOnly = new OnnxModelBuilder(7).Input("x", dims).Node("Clip", ["x"], ["y"], ("min", 0f)).Output("y").Build();
        OperatorCheck.MatchesOrt(minOnly, X(dims));
        var none = new OnnxModelBuilder(7).Input("x", dims).Node("Clip", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(none, X(dims));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    public void Constant_input_bounds_match_ort(int opset)
    {
        int[] dims = [2, 3, 7];
        var model = new OnnxModelBuilder(opset).Input("x", dims)
            .Initializer("lo", Tensor.Scalar(-1f)).Initializer("hi", Tensor.Scalar(6f))
            .Node("Clip", ["x", "lo", "hi"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(1, dims, -9f, 9f) });
    }

    [Fact]
    public void Omitted_min_and_runtime_max_match_ort()
    {
        int[] dims = [4, 5];
        var maxOnly = new OnnxModelBuilder(13).Input("x", dims).Input("hi", [])
            .Node("Clip", ["x", "", "hi"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(maxOnly, new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(1, dims, -3f, 3f), ["hi"] = Tensor.Scalar(0.3f) });
        var minOnly = new OnnxModelBuilder(13).Input("x", dims).Initializer("lo", Tensor.Scalar(0.1f))
            .Node("Clip", ["x", "lo"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(minOnly, X(dims));
        var none = new OnnxModelBuilder(13).Input("x", dims).Node("Clip", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(none, X(dims));
    }

    [Fact]
    public void Min_above_max_gives_max_like_ort()
    {
        var model = new OnnxModelBuilder(13).Input("x", [9])
            .Initializer("lo", Tensor.Scalar(1f)).Initializer("hi", Tensor.Scalar(-1f))
            .Node("Clip", ["x", "lo", "hi"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, X([9]));
    }

    [Fact]
    public void Int64_matches_ort()
    {
        var model = new OnnxModelBuilder(13).Input("x", [3, 5], DataType.Int64)
            .Initializer("lo", Tensor.FromInt64([-10], TensorShape.Scalar)).Initializer("hi", Tensor.FromInt64([20], TensorShape.Scalar))
            .Node("Clip", ["x", "lo", "hi"], ["y"]).Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = RandomTensors.UniformInt64(3, [3, 5]) });
    }

    [Theory]
    [InlineData(DataType.Int8)]
    [InlineData(DataType.UInt8)]
    [InlineData(DataType.Int32)]
    public void Other_types_with_one_bound_or_none_match_ort(DataType type)
    {
        var x = Tensor.Zeros(type, new TensorShape(3, 4));
        var lo = Tensor.Zeros(type, TensorShape.Scalar);
        for (int i = 0; i < x.Length; i++)
        {
            x.Bytes[i * type.Size()] = (byte)((i * 37) + 5); // the low byte spread over 0..255 (negative for int8 above 127)
        }

        lo.Bytes[0] = 20;
        foreach (string[] operands in new[] { new[] { "x", "lo" }, new[] { "x", "", "lo" }, new[] { "x" } })
        {
            var model = new OnnxModelBuilder(13).Input("x", [3, 4], type).Initializer("lo", lo)
                .Node("Clip", operands, ["y"]).Output("y", type).Build();
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, atol: 0, rtol: 0);
        }
    }

    [Fact]
    public void Bounds_in_the_wrong_form_are_clear_errors()
    {
        var attrsAt13 = new OnnxModelBuilder(13).Input("x", [3]).Node("Clip", ["x"], ["y"], ("min", 0f)).Output("y").Build();
        OperatorCheck.ImportFails(attrsAt13, "from opset 11", "min");
        var inputsAt7 = new OnnxModelBuilder(7).Input("x", [3]).Initializer("lo", Tensor.Scalar(0f)).Node("Clip", ["x", "lo"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(inputsAt7, "before opset 11");
        var vectorMin = new OnnxModelBuilder(13).Input("x", [3]).Initializer("lo", Tensor.FromFloat32([0f, 1f], new TensorShape(2)))
            .Node("Clip", ["x", "lo"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(vectorMin, "input 1 (min)", "scalar");
    }
}
