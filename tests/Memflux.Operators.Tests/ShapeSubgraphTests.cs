using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>Shape-carrying subgraphs that PyTorch exports (x.view(x.size(0), -1)) must resolve to static shapes on import.</summary>
public class ShapeSubgraphTests
{
    private static byte[] FlattenSubgraph(int opset)
    {
        var builder = new OnnxModelBuilder(opset).Input("x", [3, 4, 5, 2])
            .Initializer("zero", Tensor.FromInt64([0], TensorShape.Scalar))
            .Initializer("minus_one", Tensor.Vector(-1))
            .Node("Shape", ["x"], ["shape"])
            .Node("Gather", ["shape", "zero"], ["batch"], ("axis", 0L));
        builder = opset >= 13
            ? builder.Initializer("axes", Tensor.Vector(0)).Node("Unsqueeze", ["batch", "axes"], ["batch1"])
            : builder.Node("Unsqueeze", ["batch"], ["batch1"], ("axes", new long[] { 0 }));
        return builder
            .Node("Concat", ["batch1", "minus_one"], ["target"], ("axis", 0L))
            .Node("Reshape", ["x", "target"], ["flat"])
            .Node("Relu", ["flat"], ["y"])
            .Output("y").Build();
    }

    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(17)]
    public void Flatten_subgraph_imports_with_static_shapes_and_matches_ort(int opset)
    {
        var model = FlattenSubgraph(opset);
        var graph = OnnxImporter.Load(model, "test.onnx");
        Assert.Equal(new TensorShape(4), graph.Values["shape"].Shape);
        Assert.Equal(new TensorShape(2), graph.Values["target"].Shape);
        Assert.Equal(new TensorShape(3, 40), graph.Values["flat"].Shape);
        Assert.Equal(new TensorShape(3, 40), graph.Values["y"].Shape);
        OperatorCheck.MatchesOrt(model, Feeds.X([3, 4, 5, 2]));
    }

    [Fact]
    public void Shape_arithmetic_in_int64_resolves_like_ort()
    {
        // target = shape[0:2] * shape[2:4] = [N·H, C·W], then sliced with an out-of-range end.
        var model = new OnnxModelBuilder(13).Input("x", [2, 3, 4, 5])
            .Initializer("nc", Tensor.Vector(0, 1)).Initializer("hw", Tensor.Vector(2, 3))
            .Initializer("start", Tensor.Vector(0)).Initializer("end", Tensor.Vector(100))
            .Node("Shape", ["x"], ["s"])
            .Node("Gather", ["s", "nc"], ["s_nc"]).Node("Gather", ["s", "hw"], ["s_hw"])
            .Node("Mul", ["s_nc", "s_hw"], ["prod"])            // [2*4, 3*5]
            .Node("Slice", ["prod", "start", "end"], ["first"])
            .Node("Reshape", ["x", "first"], ["y"])
            .Output("y").Build();
        var graph = OnnxImporter.Load(model, "test.onnx");
        Assert.Equal(new TensorShape(8, 15), graph.Values["y"].Shape);
        OperatorCheck.MatchesOrt(model, Feeds.X([2, 3, 4, 5]));
    }
}
