using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class ReshapeTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 4 }, new long[] { 4, 6 })]
    [InlineData(new[] { 2, 3, 4 }, new long[] { -1 })]
    [InlineData(new[] { 2, 3, 4 }, new long[] { 0, -1 })]
    [InlineData(new[] { 2, 3, 4 }, new long[] { 0, 0, 2, 2 })]
    [InlineData(new[] { 2, 3, 4 }, new long[] { -1, 1, 3 })]
    [InlineData(new[] { 1 }, new long[] { })]
    [InlineData(new[] { 7 }, new long[] { 1, 7, 1 })]
    public void Matches_ort(int[] dims, long[] shape)
    {
        foreach (int opset in new[] { 7, 14 })
        {
            var model = new OnnxModelBuilder(opset).Input("x", dims).Initializer("s", Tensor.Vector(shape))
                .Node("Reshape", ["x", "s"], ["y"]).Output("y").Build();
            OperatorCheck.MatchesOrt(model, Feeds.X(dims));
        }
    }

    [Fact]
    public void Allowzero_keeps_literal_dimensions_like_ort()
    {
        var model = new OnnxModelBuilder(14).Input("x", [3, 4]).Initializer("s", Tensor.Vector(4, 3))
            .Node("Reshape", ["x", "s"], ["y"], ("allowzero", 1L)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X([3, 4]));
    }

    [Fact]
    public void Int64_data_matches_ort()
    {
        var model = new OnnxModelBuilder(14).Input("x", [6], DataType.Int64).Initializer("s", Tensor.Vector(3, -1))
            .Node("Reshape", ["x", "s"], ["y"]).Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, Feeds.XInt64([6]));
    }

    [Fact]
    public void Runtime_shape_input_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(14).Input("x", [6]).Input("s", [2], DataType.Int64)
            .Node("Reshape", ["x", "s"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(model, "Reshape node", "input 1 (shape)", "dynamic shapes that cannot be resolved");
    }

    [Theory]
    [InlineData(new long[] { 4, 2 }, "has 8 elements")]
    [InlineData(new long[] { -1, -1 }, "more than one -1")]
    [InlineData(new long[] { 4, -1 }, "cannot infer")]
    [InlineData(new long[] { 3, 0, 0 }, "rank 2")]
    [InlineData(new long[] { -2, 3 }, "invalid dimension")]
    public void Invalid_shapes_are_clear_errors(long[] shape, string message)
    {
        var model = new OnnxModelBuilder(14).Input("x", [3, 2]).Initializer("s", Tensor.Vector(shape))
            .Node("Reshape", ["x", "s"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(model, message);
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type) =>
        new NodeCase("Reshape", 14).In(TypedTensors.Random(type, 1, [2, 3, 4])).Const(Tensor.Vector(4, -1, 1)).Out(type).MatchesOrt();
}
