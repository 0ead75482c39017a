using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class PadTests
{
    public static TheoryData<int[], long[]> Cases => new()
    {
        { new[] { 3, 5 }, new long[] { 1, 2, 0, 3 } },
        { new[] { 1, 2, 3, 5 }, new long[] { 0, 0, 1, 1, 0, 0, 1, 1 } },   // conv-style spatial padding
        { new[] { 4, 6 }, new long[] { -1, 2, 1, -3 } },                   // negative pads crop
        { new[] { 7 }, new long[] { 0, 0 } },
        { new[] { 2, 1, 3 }, new long[] { 1, 0, 2, 0, 3, 1 } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Inputs_from_opset_11_match_ort(int[] dims, long[] pads)
    {
        var model = new OnnxModelBuilder(13).Input("x", dims).Initializer("p", Tensor.Vector(pads)).Initializer("v", Tensor.Scalar(-2.5f))
            .Node("Pad", ["x", "p", "v"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X(dims));
        var zeroFill = new OnnxModelBuilder(11).Input("x", dims).Initializer("p", Tensor.Vector(pads))
            .Node("Pad", ["x", "p"], ["y"], ("mode", "constant")).Output("y").Build();
        OperatorCheck.MatchesOrt(zeroFill, Feeds.X(dims));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Attributes_before_opset_11_match_ort(int[] dims, long[] pads)
    {
        var model = new OnnxModelBuilder(7).Input("x", dims).Node("Pad", ["x"], ["y"], ("pads", pads), ("value", 1.5f)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X(dims));
    }

    [Fact]
    public void Axes_input_from_opset_18_and_int64_match_ort()
    {
        var model = new OnnxModelBuilder(18).Input("x", [2, 3, 4], DataType.Int64).Initializer("p", Tensor.Vector(1, 0, 2, 3))
            .Initializer("v", Tensor.FromInt64([7], TensorShape.Scalar)).Initializer("a", Tensor.Vector(-1, 0))
            .Node("Pad", ["x", "p", "v", "a"], ["y"]).Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, Feeds.XInt64([2, 3, 4]));
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var reflect = new OnnxModelBuilder(13).Input("x", [3]).Initializer("p", Tensor.Vector(1, 1)).Node("Pad", ["x", "p"], ["y"], ("mode", "reflect")).Output("y").Build();
        OperatorCheck.ImportFails(reflect, "Pad node", "mode \"reflect\" is not supported", "only \"constant\"");
        var length = new OnnxModelBuilder(13).Input("x", [3, 3]).Initializer("p", Tensor.Vector(1, 1)).Node("Pad", ["x", "p"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(length, "pads has 2 values; expected 4");
        var runtime = new OnnxModelBuilder(13).Input("x", [3]).Input("p", [2], DataType.Int64).Node("Pad", ["x", "p"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(runtime, "input 1 (pads)", "dynamic shapes");
        var crop = new OnnxModelBuilder(13).Input("x", [3]).Initializer("p", Tensor.Vector(-2, -2)).Node("Pad", ["x", "p"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(crop, "the size -1");
    }
}
