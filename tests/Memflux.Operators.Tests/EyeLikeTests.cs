using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class EyeLikeTests
{
    [Theory]
    [InlineData(new[] { 4, 4 }, 0L)]
    [InlineData(new[] { 4, 5 }, 1L)]
    [InlineData(new[] { 5, 3 }, -2L)]
    [InlineData(new[] { 3, 4 }, 9L)]
    [InlineData(new[] { 1, 1 }, 0L)]
    public void Diagonals_match_ort(int[] dims, long k) =>
        new NodeCase("EyeLike", 9).In(TypedTensors.Random(DataType.Float32, 1, dims)).Attr("k", k).Out(DataType.Float32).MatchesOrt();

    [Theory]
    [InlineData(DataType.Float32, 1L)]
    [InlineData(DataType.Float64, 11L)]
    [InlineData(DataType.Int32, 6L)]
    [InlineData(DataType.Int64, 7L)]
    [InlineData(DataType.UInt64, 13L)]
    public void Dtype_matches_ort(DataType type, long dtype)
    {
        new NodeCase("EyeLike", 9).In(TypedTensors.Random(DataType.Int32, 1, [3, 4])).Attr("dtype", dtype).Attr("k", -1L).Out(type).MatchesOrt();
        new NodeCase("EyeLike", 9).In(TypedTensors.Random(type, 1, [3, 4])).Out(type).MatchesOrt();
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        new NodeCase("EyeLike", 9).In(TypedTensors.Random(DataType.Float32, 1, [3])).Out(DataType.Float32).ImportFails("must be 2-D");
        new NodeCase("EyeLike", 9).In(TypedTensors.Random(DataType.Float32, 1, [3, 3])).Attr("dtype", 8L).Out(DataType.Float32).ImportFails("'dtype' = 8 (STRING) is not a supported element type");
    }
}
