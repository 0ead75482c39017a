using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class UnsqueezeTests
{
    [Theory]
    [InlineData(new int[0], new long[] { 0 })]
    [InlineData(new[] { 3 }, new long[] { 0, 2 })]
    [InlineData(new[] { 3, 5 }, new long[] { -1 })]
    [InlineData(new[] { 3, 5 }, new long[] { 1, -1, 0 })]
    [InlineData(new[] { 1, 2 }, new long[] { 3, 1 })]
    public void Matches_ort_in_both_forms(int[] dims, long[] axes)
    {
        var asAttribute = new OnnxModelBuilder(11).Input("x", dims).Node("Unsqueeze", ["x"], ["y"], ("axes", axes)).Output("y").Build();
        OperatorCheck.MatchesOrt(asAttribute, Feeds.X(dims));
        var asInput = new OnnxModelBuilder(13).Input("x", dims).Initializer("axes", Tensor.Vector(axes)).Node("Unsqueeze", ["x", "axes"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(asInput, Feeds.X(dims));
    }

    [Fact]
    public void Int64_matches_ort()
    {
        var model = new OnnxModelBuilder(13).Input("x", [4], DataType.Int64).Initializer("axes", Tensor.Vector(0)).Node("Unsqueeze", ["x", "axes"], ["y"])
            .Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, Feeds.XInt64([4]));
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var duplicate = new OnnxModelBuilder(13).Input("x", [3]).Initializer("axes", Tensor.Vector(0, -3)).Node("Unsqueeze", ["x", "axes"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(duplicate, "Unsqueeze node", "appears twice");
        var outOfRange = new OnnxModelBuilder(13).Input("x", [3]).Initializer("axes", Tensor.Vector(2)).Node("Unsqueeze", ["x", "axes"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(outOfRange, "axis 2 is out of range for rank 2");
        var missing = new OnnxModelBuilder(11).Input("x", [3]).Node("Unsqueeze", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(missing, "axes is required");
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type)
    {
        new NodeCase("Unsqueeze", 13).In(TypedTensors.Random(type, 1, [3, 2])).Const(Tensor.Vector(0, -1)).Out(type).MatchesOrt();
        new NodeCase("Unsqueeze", 11).In(TypedTensors.Random(type, 1, [3, 2])).Attr("axes", new long[] { 1 }).Out(type).MatchesOrt();
    }
}
