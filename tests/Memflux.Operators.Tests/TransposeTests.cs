using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class TransposeTests
{
    [Theory]
    [InlineData(new[] { 3, 5 }, null)]
    [InlineData(new[] { 2, 3, 5, 7 }, null)]
    [InlineData(new[] { 2, 3, 5, 7 }, new long[] { 0, 2, 3, 1 })]
    [InlineData(new[] { 2, 3, 5, 7 }, new long[] { 3, 1, 0, 2 })]
    [InlineData(new[] { 1, 9, 1 }, new long[] { 2, 0, 1 })]
    [InlineData(new[] { 7 }, null)]
    [InlineData(new int[0], null)]
    public void Matches_ort(int[] dims, long[]? perm)
    {
        var attributes = perm is null ? Array.Empty<(string, object)>() : [("perm", perm)];
        var model = new OnnxModelBuilder(13).Input("x", dims).Node("Transpose", ["x"], ["y"], attributes).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X(dims));
    }

    [Fact]
    public void Int64_matches_ort()
    {
        var model = new OnnxModelBuilder(7).Input("x", [3, 4, 2], DataType.Int64).Node("Transpose", ["x"], ["y"], ("perm", new long[] { 1, 2, 0 }))
            .Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, Feeds.XInt64([3, 4, 2]));
    }

    [Theory]
    [InlineData(new long[] { 0, 1 })]
    [InlineData(new long[] { 0, 0, 1 })]
    [InlineData(new long[] { 0, 1, 3 })]
    public void Invalid_perm_is_a_clear_error(long[] perm)
    {
        var model = new OnnxModelBuilder(13).Input("x", [2, 3, 4]).Node("Transpose", ["x"], ["y"], ("perm", perm)).Output("y").Build();
        OperatorCheck.ImportFails(model, "Transpose node", "perm");
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type) =>
        new NodeCase("Transpose", 13).In(TypedTensors.Random(type, 1, [2, 3, 4])).Attr("perm", new long[] { 2, 0, 1 }).Out(type).MatchesOrt();
}
