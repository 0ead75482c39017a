using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class NotTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 3, 4 })]
    [InlineData(new[] { 3, 4, 5 })]
    [InlineData(new[] { 2, 1, 3, 5 })]
    public void Matches_ort(int[] dims)
    {
        var model = new OnnxModelBuilder(13).Input("x", dims, DataType.Bool).Node("Not", ["x"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Bools(dims.Length, dims) }, 0, 0);
    }

    [Fact]
    public void Non_bool_input_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(13).Input("x", [3]).Node("Not", ["x"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.ImportFails(model, "Not node", "must be Bool", "found Float32");
    }
}
