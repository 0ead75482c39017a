using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class SpaceToDepthTests
{
    [Theory]
    [InlineData(new[] { 2, 2, 6, 6 }, 2L)]
    [InlineData(new[] { 1, 3, 6, 9 }, 3L)]
    [InlineData(new[] { 1, 1, 4, 6 }, 2L)]
    [InlineData(new[] { 2, 3, 1, 1 }, 1L)]
    public void Cases_match_ort(int[] dims, long blocksize)
    {
        foreach (int opset in new[] { 7, 13 })
        {
            new NodeCase("SpaceToDepth", opset).In(TypedTensors.Random(DataType.Float32, 1, dims)).Attr("blocksize", blocksize).Out(DataType.Float32).MatchesOrt();
        }
    }

    [Fact]
    public void Float64_matches_ort() =>
        new NodeCase("SpaceToDepth", 13).In(TypedTensors.Random(DataType.Float64, 1, [1, 2, 4, 2])).Attr("blocksize", 2L).Out(DataType.Float64).MatchesOrt();

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        new NodeCase("SpaceToDepth", 13).In(TypedTensors.Random(DataType.Float32, 1, [1, 1, 3, 4])).Attr("blocksize", 2L).Out(DataType.Float32).ImportFails("divide the height 3");
        new NodeCase("SpaceToDepth", 13).In(TypedTensors.Random(DataType.Float32, 1, [1, 1, 4])).Attr("blocksize", 2L).Out(DataType.Float32).ImportFails("4-D");
    }
}
