using Memflux.Numerics;
using Memflux.TestSupport;
using Onnx;
using static Memflux.Onnx.Tests.ModelFixtures;

namespace Memflux.Onnx.Tests;

public class InitializerTests
{
    private static readonly float[] Weights = [1.5f, -2.25f, 3e-8f, float.MaxValue, -0f, 7f];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Float_initializer_reads_float_data_and_raw_data(bool raw)
    {
        var model = new OnnxModelBuilder()
            .Input("x", [2, 3])
            .Initializer("w", Tensor.FromFloat32([.. Weights], new TensorShape(2, 3)), raw)
            .Node("Relu", ["x"], ["y"])
            .Output("y")
            .Build();

        var w = OnnxImporter.Load(model, "m.onnx").FindValue("w")!;

        Assert.Equal(DataType.Float32, w.Type);
        Assert.Equal(new TensorShape(2, 3), w.Shape);
        Assert.Equal(Weights, w.Constant!.Float32.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Int64_initializer_reads_int64_data_and_raw_data(bool raw)
    {
        long[] values = [long.MinValue, -1, 0, 42, long.MaxValue];
        var model = new OnnxModelBuilder()
            .Input("x", [2, 3])
            .Initializer("shape", Tensor.FromInt64([.. values], new TensorShape(5)), raw)
            .Node("Relu", ["x"], ["y"])
            .Output("y")
            .Build();

        var v = OnnxImporter.Load(model, "m.onnx").FindValue("shape")!;

        Assert.Equal(DataType.Int64, v.Type);
        Assert.Equal(values, v.Constant!.Int64.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Int32_initializer_keeps_its_type(bool raw)
    {
        int[] values = [int.MinValue, -7, 0, 9, int.MaxValue, 3];
        var builder = new OnnxModelBuilder().Input("x", [2, 3]).Node("Relu", ["x"], ["y"]).Output("y");
        var model = Edit(builder, m => m.Graph.Initializer.Add(Int32Proto("idx", values, [2, 3], raw)));

        var v = OnnxImporter.Load(model, "m.onnx").FindValue("idx")!;

        Assert.Equal(DataType.Int32, v.Type);
        Assert.Equal(new TensorShape(2, 3), v.Shape);
        Assert.Equal(values, v.Constant!.AsSpan<int>().ToArray());
    }

    [Fact]
    public void Initializer_listed_among_graph_inputs_is_a_constant_not_an_input()
    {
        var model = new OnnxModelBuilder()
            .Input("x", [2, 3])
            .Input("w", [2, 3])
            .Initializer("w", Tensor.FromFloat32([.. Weights], new TensorShape(2, 3)))
            .Node("Relu", ["w"], ["y"])
            .Output("y")
            .Build();

        var graph = OnnxImporter.Load(model, "m.onnx");

        Assert.Equal(["x"], graph.Inputs.Select(v => v.Name));
        Assert.True(graph.FindValue("w")!.IsConstant);
        var y = RunOnZeros(graph)["y"];
        Assert.Equal(Weights.Select(w => Math.Max(w, 0f)), y.Float32.ToArray());
    }

    [Fact]
    public void Raw_data_of_the_wrong_length_names_the_tensor_and_both_lengths()
    {
        var builder = new OnnxModelBuilder().Input("x", [2]).Node("Relu", ["x"], ["y"]).Output("y");
        var model = Edit(builder, m =>
        {
            var w = OnnxModelBuilder.ToProto("w", Tensor.FromFloat32([1, 2, 3], new TensorShape(3)), raw: true);
            w.Dims[0] = 4;
            m.Graph.Initializer.Add(w);
        });

        string message = LoadError(model);

        Assert.Contains("'w'", message, StringComparison.Ordinal);
        Assert.Contains("12 raw_data bytes", message, StringComparison.Ordinal);
        Assert.Contains("16", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_declared_shape_fails_before_allocating()
    {
        var builder = new OnnxModelBuilder().Input("x", [2]).Node("Relu", ["x"], ["y"]).Output("y");
        var model = Edit(builder, m =>
        {
            var w = OnnxModelBuilder.ToProto("w", Tensor.FromFloat32([1], new TensorShape(1)), raw: true);
            w.Dims[0] = (1L << 30) + 1; // (2^30 + 1) · 4 bytes wraps to 4 in 32-bit arithmetic.
            m.Graph.Initializer.Add(w);
        });

        Assert.Contains("raw_data bytes", LoadError(model), StringComparison.Ordinal);
    }

    [Fact]
    public void External_data_tensor_is_refused_with_advice()
    {
        var builder = new OnnxModelBuilder().Input("x", [2]).Node("Relu", ["x"], ["y"]).Output("y");
        var model = Edit(builder, m =>
        {
            var w = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, DataLocation = TensorProto.Types.DataLocation.External };
            w.Dims.Add(2);
            w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
            m.Graph.Initializer.Add(w);
        });

        string message = LoadError(model);

        Assert.Contains("'w'", message, StringComparison.Ordinal);
        Assert.Contains("external", message, StringComparison.Ordinal);
    }
}
