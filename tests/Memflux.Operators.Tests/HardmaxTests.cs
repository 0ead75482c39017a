using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class HardmaxTests
{
    [Theory]
    [InlineData(new[] { 3, 4, 5 }, null)]
    [InlineData(new[] { 3, 4, 5 }, 0L)]
    [InlineData(new[] { 3, 4, 5 }, 1L)]
    [InlineData(new[] { 3, 4, 5 }, 2L)]
    [InlineData(new[] { 3, 4, 5 }, -1L)]
    [InlineData(new[] { 6 }, 0L)]
    public void Both_axis_rules_match_ort(int[] dims, long? axis)
    {
        // Before opset 13 the rows are the flattened dimensions from axis on; from 13 only the axis.
        foreach (int opset in new[] { 7, 11, 13 })
        {
            var node = new NodeCase("Hardmax", opset).In(TypedTensors.Random(DataType.Float32, opset, dims));
            if (axis is long a)
            {
                node.Attr("axis", a);
            }

            node.Out(DataType.Float32).MatchesOrt();
        }
    }

    [Fact]
    public void Ties_pick_the_first_like_ort()
    {
        var x = Tensor.FromFloat32([1, 3, 3, 2, float.NegativeInfinity, float.NegativeInfinity, 0, 0], new TensorShape(2, 4));
        foreach (int opset in new[] { 11, 13 })
        {
            new NodeCase("Hardmax", opset).In(x).Out(DataType.Float32).MatchesOrt();
        }
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        new NodeCase("Hardmax", 13).In(TypedTensors.Random(DataType.Float32, 1, [2, 3])).Attr("axis", 2L).Out(DataType.Float32).ImportFails("axis 2 is out of range");
        new NodeCase("Hardmax", 11).In(TypedTensors.Random(DataType.Float32, 1, [2, 3])).Attr("axis", 3L).Out(DataType.Float32).ImportFails("axis 3 is out of range");
        new NodeCase("Hardmax", 13).In(TypedTensors.Random(DataType.Int64, 1, [2, 3])).Out(DataType.Int64).ImportFails("Float32, Float64 or Float16");
    }
}
