using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class IdentityTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 3, 1, 5 })]
    public void Matches_ort(int[] dims)
    {
        var model = new OnnxModelBuilder(13).Input("x", dims).Node("Identity", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X(dims));
        var int64 = new OnnxModelBuilder(13).Input("x", dims, DataType.Int64).Node("Identity", ["x"], ["y"]).Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(int64, Feeds.XInt64(dims));
    }
}
