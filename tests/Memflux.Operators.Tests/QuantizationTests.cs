using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear and the integer products against ONNX Runtime (exact).</summary>
public class QuantizationTests
{
    [Theory]
    [InlineData(DataType.UInt8, 10, false)]
    [InlineData(DataType.Int8, 13, false)]
    [InlineData(DataType.UInt8, 13, true)]
    [InlineData(DataType.Int8, 19, true)]
    public void Quantize_then_dequantize_match_ort(DataType type, int opset, bool perAxis)
    {
        int[] dims = [2, 3, 4];
        var scale = perAxis ? Tensor.FromFloat32([0.02f, 0.05f, 0.1f], new TensorShape(3)) : Tensor.Scalar(0.03f);
        var zero = Bytes(type, perAxis ? [3] : [], perAxis ? [10, 0, 250] : [7]);
        var b = new OnnxModelBuilder(opset).Input("x", dims).Initializer("s", scale).Initializer("z", zero)
            .Node("QuantizeLinear", ["x", "s", "z"], ["q"], perAxis ? [("axis", 1L)] : [])
            .Node("DequantizeLinear", ["q", "s", "z"], ["y"], perAxis ? [("axis", 1L)] : []).Output("q", type).Output("y");
        var x = RandomTensors.Uniform(1, dims, -6f, 6f);
        x.Float32[0] = 0.015f; // a tie at scale 0.03 (half to even)
        x.Float32[1] = float.NaN;
        OperatorCheck.MatchesOrt(b.Build(), new Dictionary<string, Tensor> { ["x"] = x }, 0, 0);
    }

    [Fact]
    public void Dynamic_quantize_matches_ort()
    {
        var model = new OnnxModelBuilder(11).Input("x", [3, 5]).Node("DynamicQuantizeLinear", ["x"], ["y", "s", "z"]).Output("y", DataType.UInt8).Output("s").Output("z", DataType.UInt8).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(2, [3, 5], -2f, 5f) }, 0, 0);
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(3, [3, 5], 1f, 5f) }, 0, 0);
    }

    [Theory]
    [InlineData(new[] { 4, 3 }, new[] { 3, 5 }, false)]
    [InlineData(new[] { 2, 4, 3 }, new[] { 3, 5 }, false)]
    [InlineData(new[] { 2, 1, 4, 3 }, new[] { 3, 3, 2 }, false)]
    public void Integer_matmuls_match_ort(int[] a, int[] b, bool perRow)
    {
        var za = perRow ? Bytes(DataType.UInt8, [a[^2]], [.. Enumerable.Range(0, a[^2]).Select(i => (long)(i * 17 % 200))]) : Bytes(DataType.UInt8, [], [128]);
        var model = new OnnxModelBuilder(10).Input("a", a, DataType.UInt8).Input("b", b, DataType.UInt8)
            .Initializer("za", za).Initializer("zb", Bytes(DataType.UInt8, [], [3]))
            .Node("MatMulInteger", ["a", "b", "za", "zb"], ["y"]).Output("y", DataType.Int32).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["a"] = RandomBytes(4, a), ["b"] = RandomBytes(5, b) }, 0, 0);

        var q = new OnnxModelBuilder(10).Input("a", a, DataType.UInt8).Input("b", b, DataType.UInt8)
            .Initializer("sa", Tensor.Scalar(0.02f)).Initializer("za", Bytes(DataType.UInt8, [], [120])).Initializer("sb", Tensor.Scalar(0.015f))
            .Initializer("zb", Bytes(DataType.UInt8, [], [130])).Initializer("sy", Tensor.Scalar(0.3f)).Initializer("zy", Bytes(DataType.UInt8, [], [100]))
            .Node("QLinearMatMul", ["a", "sa", "za", "b", "sb", "zb", "sy", "zy"], ["y"]).Output("y", DataType.UInt8).Build();
        OperatorCheck.MatchesOrt(q, new Dictionary<string, Tensor> { ["a"] = RandomBytes(6, a), ["b"] = RandomBytes(7, b) }, 0, 0);
    }

    [Theory]
    [InlineData(1L, new long[] { 0, 0, 0, 0 }, false)]
    [InlineData(2L, new long[] { 1, 1, 1, 1 }, false)]
    public void Integer_convolutions_match_ort(long group, long[] pads, bool perChannel)
    {
        int[] x = [2, 4, 6, 5], w = [6, (int)(4 / group), 3, 3];
        var zw = perChannel ? Bytes(DataType.UInt8, [6], [1, 2, 3, 4, 5, 6]) : Bytes(DataType.UInt8, [], [9]);
        var model = new OnnxModelBuilder(10).Input("x", x, DataType.UInt8).Initializer("w", RandomBytes(8, w))
            .Initializer("zx", Bytes(DataType.UInt8, [], [100])).Initializer("zw", zw)
            .Node("ConvInteger", ["x", "w", "zx", "zw"], ["y"], ("group", group), ("pads", pads), ("strides", new long[] { 1, 2 })).Output("y", DataType.Int32).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = RandomBytes(9, x) }, 0, 0);

        var ws = perChannel ? Tensor.FromFloat32([0.01f, 0.02f, 0.005f, 0.03f, 0.01f, 0.02f], new TensorShape(6)) : Tensor.Scalar(0.01f);
        var q = new OnnxModelBuilder(10).Input("x", x, DataType.UInt8).Initializer("sx", Tensor.Scalar(0.05f)).Initializer("zx", Bytes(DataType.UInt8, [], [100]))
            .Initializer("w", RandomBytes(8, w)).Initializer("sw", ws).Initializer("zw", perChannel ? Bytes(DataType.UInt8, [6], [128, 128, 128, 128, 128, 128]) : Bytes(DataType.UInt8, [], [128]))
            .Initializer("sy", Tensor.Scalar(0.2f)).Initializer("zy", Bytes(DataType.UInt8, [], [90])).Initializer("bias", Tensor.From(new[] { 10, -20, 30, 0, 5, -5 }, new TensorShape(6)))
            .Node("QLinearConv", ["x", "sx", "zx", "w", "sw", "zw", "sy", "zy", "bias"], ["y"], ("group", group), ("pads", pads)).Output("y", DataType.UInt8).Build();
        OperatorCheck.MatchesOrt(q, new Dictionary<string, Tensor> { ["x"] = RandomBytes(9, x) }, 0, 0);
    }

    [Fact]
    public void Per_row_and_per_channel_zero_points_follow_the_definition()
    {
        // ONNX allows them; ONNX Runtime refuses them, so this is checked by hand: (a − za[i]) · (b − zb).
        var a = Bytes(DataType.UInt8, [2, 2], [10, 20, 30, 40]);
        var b = Bytes(DataType.UInt8, [2, 1], [5, 7]);
        var model = new OnnxModelBuilder(10).Input("a", [2, 2], DataType.UInt8).Initializer("b", b).Initializer("za", Bytes(DataType.UInt8, [2], [1, 2]))
            .Node("MatMulInteger", ["a", "b", "za"], ["y"]).Output("y", DataType.Int32).Build();
        var y = new Graph.Execution.ReferenceExecutor(Onnx.OnnxImporter.Load(model, "m.onnx")).Run(new Dictionary<string, Tensor> { ["a"] = a })["y"];
        Assert.Equal([(9 * 5) + (19 * 7), (28 * 5) + (38 * 7)], y.AsSpan<int>().ToArray());

        var x = Bytes(DataType.UInt8, [1, 1, 1, 2], [3, 4]);
        var conv = new OnnxModelBuilder(10).Input("x", [1, 1, 1, 2], DataType.UInt8).Initializer("w", Bytes(DataType.UInt8, [2, 1, 1, 1], [10, 10]))
            .Initializer("zx", Bytes(DataType.UInt8, [], [1])).Initializer("zw", Bytes(DataType.UInt8, [2], [0, 20]))
            .Node("ConvInteger", ["x", "w", "zx", "zw"], ["y"]).Output("y", DataType.Int32).Build();
        var c = new Graph.Execution.ReferenceExecutor(Onnx.OnnxImporter.Load(conv, "m.onnx")).Run(new Dictionary<string, Tensor> { ["x"] = x })["y"];
        Assert.Equal([20, 30, -20, -30], c.AsSpan<int>().ToArray());
    }

    [Fact]
    public void Unsupported_forms_are_clear_errors()
    {
        var blocked = new OnnxModelBuilder(21).Input("x", [4]).Initializer("s", Tensor.Scalar(0.1f)).Node("QuantizeLinear", ["x", "s"], ["y"], ("block_size", 2L)).Output("y", DataType.UInt8).Build();
        OperatorCheck.ImportFails(blocked, "'block_size' is 2");
        var wrongAxis = new OnnxModelBuilder(13).Input("x", [2, 3]).Initializer("s", Tensor.FromFloat32([0.1f, 0.2f], new TensorShape(2)))
            .Node("QuantizeLinear", ["x", "s"], ["y"], ("axis", 1L)).Output("y", DataType.UInt8).Build();
        OperatorCheck.ImportFails(wrongAxis, "input 1 (y_scale) must be a scalar or 1-D of the size of axis 1");
    }

    private static Tensor Bytes(DataType type, int[] dims, long[] values)
    {
        var t = Tensor.Zeros(type, new TensorShape(dims));
        for (int i = 0; i < values.Length; i++)
        {
            t.Bytes[i] = unchecked((byte)values[i]);
        }

        return t;
    }

    private static Tensor RandomBytes(int seed, int[] dims)
    {
        var random = new Random(seed);
        var t = Tensor.Zeros(DataType.UInt8, new TensorShape(dims));
        random.NextBytes(t.Bytes);
        return t;
    }
}
