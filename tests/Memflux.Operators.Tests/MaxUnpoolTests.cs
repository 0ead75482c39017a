using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>MaxUnpool (opsets 9 and 11) against ONNX Runtime, fed by MaxPool's indices or by given ones.</summary>
public class MaxUnpoolTests
{
    [Theory]
    [InlineData(9, new[] { 1, 1, 4, 4 }, new long[] { 2, 2 }, new long[] { 2, 2 }, new long[] { 0, 0, 0, 0 }, null)]
    [InlineData(11, new[] { 2, 3, 6, 8 }, new long[] { 2, 2 }, new long[] { 2, 2 }, new long[] { 0, 0, 0, 0 }, null)]
    [InlineData(11, new[] { 2, 3, 5, 7 }, new long[] { 2, 2 }, new long[] { 2, 2 }, new long[] { 0, 0, 0, 0 }, new long[] { 2, 3, 5, 7 })]
    [InlineData(11, new[] { 1, 2, 6, 6 }, new long[] { 3, 3 }, new long[] { 2, 2 }, new long[] { 1, 1, 1, 1 }, new long[] { 1, 2, 6, 6 })]
    [InlineData(11, new[] { 1, 2, 7, 6 }, new long[] { 3, 2 }, new long[] { 1, 2 }, new long[] { 1, 0, 1, 0 }, new long[] { 1, 2, 7, 6 })]
    [InlineData(11, new[] { 2, 2, 9 }, new long[] { 3 }, new long[] { 3 }, new long[] { 0, 0 }, null)]
    [InlineData(11, new[] { 1, 2, 4, 4, 4 }, new long[] { 2, 2, 2 }, new long[] { 2, 2, 2 }, new long[] { 0, 0, 0, 0, 0, 0 }, null)]
    [InlineData(18, new[] { 1, 1, 5, 5 }, new long[] { 2, 2 }, new long[] { 2, 2 }, new long[] { 0, 0, 0, 0 }, new long[] { 1, 1, 5, 6 })]
    public void Unpools_maxpool_indices_like_ort(int opset, int[] dims, long[] kernel, long[] strides, long[] pads, long[]? outputShape)
    {
        var b = new OnnxModelBuilder(opset).Input("x", dims)
            .Node("MaxPool", ["x"], ["p", "i"], ("kernel_shape", kernel), ("strides", strides), ("pads", pads));
        string[] inputs = ["p", "i"];
        if (outputShape is not null)
        {
            b.Initializer("shape", Tensor.Vector(outputShape));
            inputs = ["p", "i", "shape"];
        }

        var model = b.Node("MaxUnpool", inputs, ["y"], ("kernel_shape", kernel), ("strides", strides), ("pads", pads)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X(dims), 0, 0);
    }

    [Fact]
    public void Given_indices_scatter_like_ort()
    {
        // Indices need not come from MaxPool: any flat positions in the output, including ones outside X's image.
        var x = RandomTensors.Uniform(4, [2, 1, 2, 2]);
        var i = Tensor.FromInt64([15, 0, 5, 10, 16, 31, 20, 17], new TensorShape(2, 1, 2, 2));
        var model = new OnnxModelBuilder(11).Input("x", [2, 1, 2, 2]).Initializer("i", i)
            .Node("MaxUnpool", ["x", "i"], ["y"], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 })).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, 0, 0);
    }

    [Fact]
    public void Output_shape_takes_indices_into_itself_like_ort()
    {
        // ONNX's backend test test_maxunpool_export_with_output_shape: ONNX Runtime (and Memflux) put index 5 of a 5×5
        // output at row 1, column 0; ONNX's reference places it as in the inferred 4×4 shape (row 1, column 1).
        var model = new OnnxModelBuilder(11).Input("x", [1, 1, 2, 2]).Initializer("i", Tensor.FromInt64([5, 7, 13, 15], new TensorShape(1, 1, 2, 2)))
            .Initializer("s", Tensor.Vector(1, 1, 5, 5))
            .Node("MaxUnpool", ["x", "i", "s"], ["y"], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 })).Output("y").Build();
        var feeds = new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat32([5, 6, 7, 8], new TensorShape(1, 1, 2, 2)) };
        OperatorCheck.MatchesOrt(model, feeds, 0, 0);
        var y = new Graph.Execution.ReferenceExecutor(Onnx.OnnxImporter.Load(model, "unpool.onnx")).Run(feeds)["y"];
        Assert.Equal(5f, y.Float32[5]);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var b = new OnnxModelBuilder(11).Input("x", [1, 1, 2, 2]).Input("i", [1, 1, 2, 2], DataType.Int64);
        OperatorCheck.ImportFails(b.Node("MaxUnpool", ["x", "i"], ["y"]).Output("y").Build(), "'kernel_shape'");

        var small = new OnnxModelBuilder(11).Input("x", [1, 1, 2, 2]).Input("i", [1, 1, 2, 2], DataType.Int64).Initializer("s", Tensor.Vector(1, 1, 3, 3))
            .Node("MaxUnpool", ["x", "i", "s"], ["y"], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 })).Output("y").Build();
        OperatorCheck.ImportFails(small, "fewer elements than the unpooled shape [1,1,4,4]");

        var runtimeShape = new OnnxModelBuilder(11).Input("x", [1, 1, 2, 2]).Input("i", [1, 1, 2, 2], DataType.Int64).Input("s", [4], DataType.Int64)
            .Node("MaxUnpool", ["x", "i", "s"], ["y"], ("kernel_shape", new long[] { 2, 2 })).Output("y").Build();
        OperatorCheck.ImportFails(runtimeShape, "input 2 (output_shape) is computed at run time");

        var model = new OnnxModelBuilder(11).Input("x", [1, 1, 2, 2]).Input("i", [1, 1, 2, 2], DataType.Int64)
            .Node("MaxUnpool", ["x", "i"], ["y"], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 })).Output("y").Build();
        var feeds = new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(1, [1, 1, 2, 2]), ["i"] = Tensor.FromInt64([0, 1, 2, 16], new TensorShape(1, 1, 2, 2)) };
        OperatorCheck.RunFails(model, feeds, "input I holds 16 at position 3");
    }
}
