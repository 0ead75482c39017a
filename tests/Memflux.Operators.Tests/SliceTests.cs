using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class SliceTests
{
    public static TheoryData<int[], long[], long[], long[]?, long[]?> Cases => new()
    {
        { new[] { 5, 7 }, new long[] { 1, 2 }, new long[] { 4, 6 }, null, null },
        { new[] { 5, 7 }, new long[] { -3 }, new long[] { -1 }, new long[] { 1 }, null },
        { new[] { 5, 7 }, new long[] { 0 }, new long[] { long.MaxValue }, new long[] { -1 }, new long[] { 2 } },      // clamp end
        { new[] { 5, 7 }, new long[] { -100 }, new long[] { 100 }, new long[] { 0 }, null },                          // clamp both
        { new[] { 5, 7 }, new long[] { -1 }, new long[] { long.MinValue }, new long[] { 1 }, new long[] { -1 } },      // full reverse
        { new[] { 5, 7 }, new long[] { 100, 4 }, new long[] { -100, 0 }, new long[] { 0, 1 }, new long[] { -2, -3 } }, // clamp, negative steps
        { new[] { 2, 3, 5, 7 }, new long[] { 1, 0 }, new long[] { 3, 6 }, new long[] { -3, 3 }, new long[] { 1, 4 } },
        { new[] { 5 }, new long[] { 3 }, new long[] { 1 }, null, null },                                              // empty result
        { new[] { 1, 9 }, new long[] { 8 }, new long[] { 0 }, new long[] { 1 }, new long[] { -3 } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Inputs_from_opset_10_match_ort(int[] dims, long[] starts, long[] ends, long[]? axes, long[]? steps)
    {
        var builder = new OnnxModelBuilder(13).Input("x", dims).Initializer("starts", Tensor.Vector(starts)).Initializer("ends", Tensor.Vector(ends));
        string[] inputs = ["x", "starts", "ends"];
        if (axes is not null)
        {
            builder.Initializer("axes", Tensor.Vector(axes));
            inputs = [.. inputs, "axes"];
        }

        if (steps is not null)
        {
            if (axes is null)
            {
                inputs = [.. inputs, ""];
            }

            builder.Initializer("steps", Tensor.Vector(steps));
            inputs = [.. inputs, "steps"];
        }

        OperatorCheck.MatchesOrt(builder.Node("Slice", inputs, ["y"]).Output("y").Build(), Feeds.X(dims));
    }

    [Fact]
    public void Attributes_before_opset_10_match_ort()
    {
        var model = new OnnxModelBuilder(9).Input("x", [4, 6, 3])
            .Node("Slice", ["x"], ["y"], ("starts", new long[] { 1, -4 }), ("ends", new long[] { 1000, -1 }), ("axes", new long[] { 0, 1 })).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X([4, 6, 3]));
        var noAxes = new OnnxModelBuilder(7).Input("x", [4, 6]).Node("Slice", ["x"], ["y"], ("starts", new long[] { 1 }), ("ends", new long[] { 3 })).Output("y").Build();
        OperatorCheck.MatchesOrt(noAxes, Feeds.X([4, 6]));
    }

    [Fact]
    public void Int64_matches_ort()
    {
        var model = new OnnxModelBuilder(13).Input("x", [4], DataType.Int64).Initializer("s", Tensor.Vector(-2)).Initializer("e", Tensor.Vector(long.MaxValue))
            .Node("Slice", ["x", "s", "e"], ["y"]).Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, Feeds.XInt64([4]));
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var zeroStep = new OnnxModelBuilder(13).Input("x", [4]).Initializer("s", Tensor.Vector(0)).Initializer("e", Tensor.Vector(4))
            .Initializer("a", Tensor.Vector(0)).Initializer("st", Tensor.Vector(0)).Node("Slice", ["x", "s", "e", "a", "st"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(zeroStep, "Slice node", "steps must be nonzero");
        var badAxis = new OnnxModelBuilder(13).Input("x", [4]).Initializer("s", Tensor.Vector(0)).Initializer("e", Tensor.Vector(4))
            .Initializer("a", Tensor.Vector(1)).Node("Slice", ["x", "s", "e", "a"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(badAxis, "axis 1 is out of range");
        var runtimeStarts = new OnnxModelBuilder(13).Input("x", [4]).Input("s", [1], DataType.Int64).Initializer("e", Tensor.Vector(4))
            .Node("Slice", ["x", "s", "e"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(runtimeStarts, "input 1 (starts)", "dynamic shapes");
        var lengths = new OnnxModelBuilder(13).Input("x", [4, 4]).Initializer("s", Tensor.Vector(0, 0)).Initializer("e", Tensor.Vector(4))
            .Node("Slice", ["x", "s", "e"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(lengths, "equal lengths");
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type) =>
        new NodeCase("Slice", 13).In(TypedTensors.Random(type, 1, [4, 5])).Const(Tensor.Vector(3, 1)).Const(Tensor.Vector(0, 5)).Const(Tensor.Vector(0, 1)).Const(Tensor.Vector(-1, 2))
            .Out(type).MatchesOrt();

    [Fact]
    public void Int32_starts_ends_axes_and_steps_match_ort()
    {
        static Tensor Ints(params int[] values) => Tensor.From(values, new TensorShape(values.Length));
        new NodeCase("Slice", 13).In(TypedTensors.Random(DataType.Float32, 1, [4, 5, 3])).Const(Ints(-1, 0)).Const(Ints(-10, 2)).Const(Ints(1, -1)).Const(Ints(-2, 1))
            .Out(DataType.Float32).MatchesOrt();
        new NodeCase("Slice", 10).In(TypedTensors.Random(DataType.Int64, 1, [6])).Const(Ints(1)).Const(Ints(5)).Out(DataType.Int64).MatchesOrt();
    }
}
