using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class SqueezeTests
{
    [Theory]
    [InlineData(new[] { 1, 3, 1, 5 }, new long[] { 0, 2 })]
    [InlineData(new[] { 1, 3, 1, 5 }, new long[] { -2 })]
    [InlineData(new[] { 1, 3, 1, 5 }, null)]
    [InlineData(new[] { 1 }, null)]
    [InlineData(new[] { 1, 1 }, new long[] { 1 })]
    public void Matches_ort_in_both_forms(int[] dims, long[]? axes)
    {
        var asAttribute = new OnnxModelBuilder(11).Input("x", dims);
        asAttribute = axes is null ? asAttribute.Node("Squeeze", ["x"], ["y"]) : asAttribute.Node("Squeeze", ["x"], ["y"], ("axes", axes));
        OperatorCheck.MatchesOrt(asAttribute.Output("y").Build(), Feeds.X(dims));

        var asInput = new OnnxModelBuilder(13).Input("x", dims);
        asInput = axes is null ? asInput.Node("Squeeze", ["x"], ["y"]) : asInput.Initializer("axes", Tensor.Vector(axes)).Node("Squeeze", ["x", "axes"], ["y"]);
        OperatorCheck.MatchesOrt(asInput.Output("y").Build(), Feeds.X(dims));
    }

    [Fact]
    public void Int64_matches_ort()
    {
        var model = new OnnxModelBuilder(13).Input("x", [1, 4], DataType.Int64).Node("Squeeze", ["x"], ["y"]).Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, Feeds.XInt64([1, 4]));
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var notOne = new OnnxModelBuilder(13).Input("x", [1, 3]).Initializer("axes", Tensor.Vector(1)).Node("Squeeze", ["x", "axes"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(notOne, "Squeeze node", "size is 3, not 1");
        var outOfRange = new OnnxModelBuilder(11).Input("x", [1, 3]).Node("Squeeze", ["x"], ["y"], ("axes", new long[] { 2 })).Output("y").Build();
        OperatorCheck.ImportFails(outOfRange, "axis 2 is out of range");
        var attributeAt13 = new OnnxModelBuilder(13).Input("x", [1, 3]).Node("Squeeze", ["x"], ["y"], ("axes", new long[] { 0 })).Output("y").Build();
        OperatorCheck.ImportFails(attributeAt13, "from opset 13");
        var runtimeAxes = new OnnxModelBuilder(13).Input("x", [1, 3]).Input("axes", [1], DataType.Int64).Node("Squeeze", ["x", "axes"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(runtimeAxes, "input 1 (axes)", "dynamic shapes");
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type)
    {
        new NodeCase("Squeeze", 13).In(TypedTensors.Random(type, 1, [1, 3, 1, 2])).Const(Tensor.Vector(0, -2)).Out(type).MatchesOrt();
        new NodeCase("Squeeze", 11).In(TypedTensors.Random(type, 1, [1, 3, 1, 2])).Out(type).MatchesOrt();
    }
}
