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

    public static TheoryData<int[], long[]> ModeCases => new()
    {
        { new[] { 3, 5 }, new long[] { 1, 2, 2, 3 } },
        { new[] { 1, 2, 4, 5 }, new long[] { 0, 0, 3, 1, 0, 0, 2, 4 } },   // spatial, pads up to size − 1
        { new[] { 4, 6 }, new long[] { -1, 2, 1, -3 } },                   // crop one side, pad the other
        { new[] { 5 }, new long[] { 4, 0 } },
        { new[] { 2, 1, 3 }, new long[] { 1, 0, 2, 0, 0, 1 } },
    };

    [Theory]
    [MemberData(nameof(ModeCases))]
    public void Reflect_edge_and_wrap_match_ort(int[] dims, long[] pads)
    {
        foreach (string mode in new[] { "reflect", "edge" })
        {
            foreach (int opset in new[] { 11, 13, 18 })
            {
                new NodeCase("Pad", opset).In(TypedTensors.Random(DataType.Float32, 1, dims)).Const(Tensor.Vector(pads)).Attr("mode", mode).Out(DataType.Float32).MatchesOrt();
            }

            new NodeCase("Pad", 7).In(TypedTensors.Random(DataType.Float32, 2, dims)).Attr("pads", pads).Attr("mode", mode).Out(DataType.Float32).MatchesOrt();
        }

        foreach (string mode in new[] { "reflect", "edge", "wrap" })
        {
            new NodeCase("Pad", 19).In(TypedTensors.Random(DataType.Float32, 3, dims)).Const(Tensor.Vector(pads)).Attr("mode", mode).Out(DataType.Float32).MatchesOrt();
        }
    }

    [Fact]
    public void Edge_and_wrap_beyond_the_axis_length_match_ort()
    {
        foreach (string mode in new[] { "edge", "wrap" })
        {
            new NodeCase("Pad", 19).In(TypedTensors.Random(DataType.Float32, 1, [2, 3])).Const(Tensor.Vector(5, 1, 2, 7)).Attr("mode", mode).Out(DataType.Float32).MatchesOrt();
        }
    }

    [Fact]
    public void Modes_with_axes_input_match_ort()
    {
        foreach (string mode in new[] { "constant", "reflect", "edge", "wrap" })
        {
            new NodeCase("Pad", 19).In(TypedTensors.Random(DataType.Float32, 1, [2, 3, 4])).Const(Tensor.Vector(1, 2, 1, 2)).Missing().Const(Tensor.Vector(-1, 1))
                .Attr("mode", mode).Out(DataType.Float32).MatchesOrt();
        }
    }

    [Theory]
    [MemberData(nameof(TypedTensors.CommonTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type)
    {
        var x = TypedTensors.Random(type, 1, [3, 4]);
        new NodeCase("Pad", 13).In(x).Const(Tensor.Vector(1, 0, 2, 1)).Const(TypedTensors.Scalar(type, 1)).Out(type).MatchesOrt();
        new NodeCase("Pad", 13).In(x).Const(Tensor.Vector(1, 0, 2, 1)).Out(type).MatchesOrt();
        foreach (string mode in new[] { "reflect", "edge", "wrap" })
        {
            new NodeCase("Pad", 19).In(x).Const(Tensor.Vector(2, 3, 1, 2)).Attr("mode", mode).Out(type).MatchesOrt();
        }
    }

    [Fact]
    public void Float64_value_attribute_before_opset_11_matches_ort() =>
        new NodeCase("Pad", 7).In(TypedTensors.Random(DataType.Float64, 1, [2, 3])).Attr("pads", new long[] { 1, 0, 0, 2 }).Attr("value", 2.5f).Out(DataType.Float64).MatchesOrt();

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var mode = new OnnxModelBuilder(13).Input("x", [3]).Initializer("p", Tensor.Vector(1, 1)).Node("Pad", ["x", "p"], ["y"], ("mode", "mirror")).Output("y").Build();
        OperatorCheck.ImportFails(mode, "Pad node", "mode \"mirror\" is not one of constant, reflect, edge, wrap");
        var wrap = new OnnxModelBuilder(18).Input("x", [3]).Initializer("p", Tensor.Vector(1, 1)).Node("Pad", ["x", "p"], ["y"], ("mode", "wrap")).Output("y").Build();
        OperatorCheck.ImportFails(wrap, "mode \"wrap\" exists from opset 19");
        var empty = new OnnxModelBuilder(13).Input("x", [3]).Initializer("p", Tensor.Vector(-3, 1)).Node("Pad", ["x", "p"], ["y"], ("mode", "edge")).Output("y").Build();
        OperatorCheck.ImportFails(empty, "empty after cropping");
        var far = new OnnxModelBuilder(13).Input("x", [3]).Initializer("p", Tensor.Vector(0, 3)).Node("Pad", ["x", "p"], ["y"], ("mode", "reflect")).Output("y").Build();
        OperatorCheck.ImportFails(far, "pads axis 0 of input [3] by 3; it allows at most 2");
        var length = new OnnxModelBuilder(13).Input("x", [3, 3]).Initializer("p", Tensor.Vector(1, 1)).Node("Pad", ["x", "p"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(length, "pads has 2 values; expected 4");
        var runtime = new OnnxModelBuilder(13).Input("x", [3]).Input("p", [2], DataType.Int64).Node("Pad", ["x", "p"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(runtime, "input 1 (pads)", "dynamic shapes");
        var crop = new OnnxModelBuilder(13).Input("x", [3]).Initializer("p", Tensor.Vector(-2, -2)).Node("Pad", ["x", "p"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(crop, "the size -1");
    }
}
