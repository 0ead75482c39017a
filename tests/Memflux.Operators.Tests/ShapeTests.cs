using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class ShapeTests
{
    [Theory]
    [InlineData(new int[0], null, null)]
    [InlineData(new[] { 2, 3, 5, 7 }, null, null)]
    [InlineData(new[] { 2, 3, 5, 7 }, 1L, null)]
    [InlineData(new[] { 2, 3, 5, 7 }, -2L, null)]
    [InlineData(new[] { 2, 3, 5, 7 }, null, -1L)]
    [InlineData(new[] { 2, 3, 5, 7 }, -100L, 100L)]
    [InlineData(new[] { 2, 3, 5, 7 }, 3L, 1L)]
    public void Matches_ort(int[] dims, long? start, long? end)
    {
        var attributes = new List<(string, object)>();
        if (start is long s)
        {
            attributes.Add(("start", s));
        }

        if (end is long e)
        {
            attributes.Add(("end", e));
        }

        var model = new OnnxModelBuilder(start is null && end is null ? 13 : 15).Input("x", dims)
            .Node("Shape", ["x"], ["y"], [.. attributes]).Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, Feeds.X(dims));
    }

    [Fact]
    public void Output_is_a_known_constant_during_shape_inference()
    {
        var model = new OnnxModelBuilder(13).Input("x", [2, 3]).Node("Shape", ["x"], ["s"]).Node("Reshape", ["x", "s"], ["y"]).Output("y").Build();
        var graph = OnnxImporter.Load(model, "test.onnx");
        Assert.Equal(new TensorShape(2, 3), graph.Values["y"].Shape);
    }

    [Fact]
    public void Start_before_opset_15_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(13).Input("x", [2]).Node("Shape", ["x"], ["y"], ("start", 1L)).Output("y", DataType.Int64).Build();
        OperatorCheck.ImportFails(model, "Shape node", "from opset 15");
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_with_start_and_end_matches_ort(DataType type)
    {
        new NodeCase("Shape", 15).In(TypedTensors.Random(type, 1, [2, 3, 4])).Attr("start", -2L).Attr("end", 3L).Out(DataType.Int64).MatchesOrt();
        new NodeCase("Shape", 13).In(TypedTensors.Random(type, 1, [2, 3, 4])).Out(DataType.Int64).MatchesOrt();
    }
}
