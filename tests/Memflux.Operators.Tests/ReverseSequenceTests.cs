using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class ReverseSequenceTests
{
    [Theory]
    [InlineData(new[] { 4, 4 }, 0L, 1L, new long[] { 4, 3, 2, 1 })]
    [InlineData(new[] { 4, 4 }, 1L, 0L, new long[] { 1, 2, 3, 4 })]
    [InlineData(new[] { 5, 3, 2 }, 1L, 0L, new long[] { 5, 0, 2 })]
    [InlineData(new[] { 3, 5, 2, 2 }, 0L, 1L, new long[] { 1, 5, 3 })]
    public void Cases_match_ort(int[] dims, long batchAxis, long timeAxis, long[] lengths) =>
        new NodeCase("ReverseSequence", 10).In(TypedTensors.Random(DataType.Float32, 1, dims)).In(Tensor.Vector(lengths))
            .Attr("batch_axis", batchAxis).Attr("time_axis", timeAxis).Out(DataType.Float32).MatchesOrt();

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type) =>
        new NodeCase("ReverseSequence", 10).In(TypedTensors.Random(type, 1, [4, 3])).In(Tensor.Vector(4, 2, 3)).Out(type).MatchesOrt();

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var x = TypedTensors.Random(DataType.Float32, 1, [4, 3]);
        new NodeCase("ReverseSequence", 10).In(x).In(Tensor.Vector(1, 1, 1)).Attr("batch_axis", 2L).Out(DataType.Float32).ImportFails("must be 0 and 1");
        new NodeCase("ReverseSequence", 10).In(x).In(Tensor.Vector(1, 1)).Out(DataType.Float32).ImportFails("int64 vector of 3");
        new NodeCase("ReverseSequence", 10).In(x).In(Tensor.Vector(1, 5, 1)).Out(DataType.Float32).RunFails("sequence_lens[1] is 5");
    }
}
