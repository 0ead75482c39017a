using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class UniqueTests
{
    public static TheoryData<Tensor, long?, long> Cases => new()
    {
        { Tensor.FromFloat32([2, 1, 1, 3, 4, 3], new TensorShape(6)), null, 1 },
        { Tensor.FromFloat32([2, 1, 1, 3, 4, 3], new TensorShape(6)), null, 0 },
        { Tensor.FromFloat32([1, 3, 0, 0, -0f, 1, 2, 2, 2, 0, 0, 0], new TensorShape(2, 6)), null, 1 },
        { Tensor.FromFloat32([1, 0, 0, 1, 0, 0, 2, 3, 4], new TensorShape(3, 3)), 0, 1 },
        { Tensor.FromFloat32([1, 0, 0, 1, 0, 0, 2, 3, 4], new TensorShape(3, 3)), -1, 1 },
        { Tensor.FromFloat32([1, 1, 0, 1, 2, 1, 0, 1, 1, 1, 0, 1, 2, 1, 0, 1], new TensorShape(2, 4, 2)), 1, 1 },
        { Tensor.FromFloat32([1, 1, 0, 1, 2, 1, 0, 1, 1, 1, 0, 1, 2, 1, 0, 1], new TensorShape(2, 4, 2)), 1, 0 },
        { Tensor.FromInt64([5, -3, 5, 7, -3, 0], new TensorShape(3, 2)), 0, 0 },
        { Tensor.FromInt64([5, -3, 5, 7, -3, 0, 5], new TensorShape(7)), null, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Constant_input_matches_ort_on_all_four_outputs(Tensor x, long? axis, long sorted)
    {
        var node = new NodeCase("Unique", 11).Const(x).Attr("sorted", sorted);
        if (axis is long a)
        {
            node.Attr("axis", a);
        }

        node.Out(x.Type).Out(DataType.Int64).Out(DataType.Int64).Out(DataType.Int64).MatchesOrt();
    }

    [Theory]
    [InlineData(DataType.Float64)]
    [InlineData(DataType.Int8)]
    public void Other_types_match_ort(DataType type) =>
        new NodeCase("Unique", 11).Const(TypedTensors.Random(type, 2, [20])).Out(type).Out(DataType.Int64).Out(DataType.Int64).Out(DataType.Int64).MatchesOrt();

    [Fact]
    public void Run_time_input_is_a_clear_error() =>
        new NodeCase("Unique", 11).In(TypedTensors.Random(DataType.Float32, 1, [5])).Out(DataType.Float32).ImportFails("output shape is data-dependent");
}
