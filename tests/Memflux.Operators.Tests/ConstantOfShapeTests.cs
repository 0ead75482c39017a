using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class ConstantOfShapeTests
{
    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Value_of_every_type_matches_ort(DataType type)
    {
        foreach (int opset in new[] { 9, 20 })
        {
            new NodeCase("ConstantOfShape", opset).Const(Tensor.Vector(2, 1, 3)).Attr("value", TypedTensors.Scalar(type, 7, [1])).Out(type).MatchesOrt();
        }
    }

    [Theory]
    [InlineData(new long[] { 4 })]
    [InlineData(new long[0])]       // a scalar
    [InlineData(new long[] { 3, 0 })]
    public void Default_value_is_float_zero_like_ort(long[] shape) =>
        new NodeCase("ConstantOfShape", 13).Const(Tensor.Vector(shape)).Out(DataType.Float32).MatchesOrt();

    [Fact]
    public void Shape_from_a_shape_subgraph_resolves()
    {
        var model = new Memflux.TestSupport.OnnxModelBuilder(13).Input("x", [2, 5]).Node("Shape", ["x"], ["s"])
            .Node("ConstantOfShape", ["s"], ["y"], ("value", Tensor.FromFloat32([-2.5f], new TensorShape(1)))).Output("y").Build();
        Memflux.TestSupport.OperatorCheck.MatchesOrt(model, Feeds.X([2, 5]));
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        new NodeCase("ConstantOfShape", 13).In(Tensor.Vector(2, 3)).Out(DataType.Float32).ImportFails("input 0 (shape) is computed at run time");
        new NodeCase("ConstantOfShape", 13).Const(Tensor.Vector(2, -1)).Out(DataType.Float32).ImportFails("invalid dimension -1");
        new NodeCase("ConstantOfShape", 13).Const(Tensor.Vector(2)).Attr("value", Tensor.Vector(1, 2)).Out(DataType.Int64).ImportFails("exactly one element");
    }
}
