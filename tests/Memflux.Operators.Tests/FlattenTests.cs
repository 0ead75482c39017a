using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class FlattenTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 5, 7 }, 1, 13)]
    [InlineData(new[] { 2, 3, 5, 7 }, 0, 9)]
    [InlineData(new[] { 2, 3, 5, 7 }, 4, 13)]
    [InlineData(new[] { 2, 3, 5, 7 }, -1, 13)]
    [InlineData(new[] { 2, 3, 5, 7 }, -4, 13)]
    [InlineData(new[] { 1, 1, 9 }, 2, 11)]
    [InlineData(new[] { 5 }, 1, 21)]
    public void Matches_ort(int[] dims, long axis, int opset)
    {
        var model = new OnnxModelBuilder(opset).Input("x", dims).Node("Flatten", ["x"], ["y"], ("axis", axis)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X(dims));
    }

    [Fact]
    public void Default_axis_and_int64_match_ort()
    {
        var model = new OnnxModelBuilder(13).Input("x", [3, 2, 4], DataType.Int64).Node("Flatten", ["x"], ["y"]).Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, Feeds.XInt64([3, 2, 4]));
    }

    [Fact]
    public void Out_of_range_axis_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(13).Input("x", [3, 2]).Node("Flatten", ["x"], ["y"], ("axis", 3L)).Output("y").Build();
        OperatorCheck.ImportFails(model, "Flatten node", "axis 3", "-2 to 2");
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type) =>
        new NodeCase("Flatten", 13).In(TypedTensors.Random(type, 1, [2, 3, 4])).Attr("axis", 2L).Out(type).MatchesOrt();
}
