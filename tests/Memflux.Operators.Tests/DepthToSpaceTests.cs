using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class DepthToSpaceTests
{
    [Theory]
    [InlineData(new[] { 2, 8, 3, 3 }, 2L)]
    [InlineData(new[] { 1, 18, 2, 5 }, 3L)]
    [InlineData(new[] { 1, 4, 1, 1 }, 2L)]
    [InlineData(new[] { 3, 5, 2, 2 }, 1L)]
    public void Both_modes_match_ort(int[] dims, long blocksize)
    {
        new NodeCase("DepthToSpace", 7).In(TypedTensors.Random(DataType.Float32, 1, dims)).Attr("blocksize", blocksize).Out(DataType.Float32).MatchesOrt();
        foreach (int opset in new[] { 11, 13 })
        {
            foreach (string mode in new[] { "DCR", "CRD" })
            {
                new NodeCase("DepthToSpace", opset).In(TypedTensors.Random(DataType.Float32, 2, dims)).Attr("blocksize", blocksize).Attr("mode", mode).Out(DataType.Float32).MatchesOrt();
            }
        }
    }

    [Theory]
    [InlineData(DataType.Float64)]
    [InlineData(DataType.UInt8)]
    public void Other_types_ort_implements_match(DataType type)
    {
        foreach (string mode in new[] { "DCR", "CRD" })
        {
            new NodeCase("DepthToSpace", 13).In(TypedTensors.Random(type, 1, [2, 8, 2, 3])).Attr("blocksize", 2L).Attr("mode", mode).Out(type).MatchesOrt();
        }
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        new NodeCase("DepthToSpace", 13).In(TypedTensors.Random(DataType.Float32, 1, [1, 6, 2, 2])).Attr("blocksize", 2L).Out(DataType.Float32).ImportFails("blocksize 2", "6 channels");
        new NodeCase("DepthToSpace", 13).In(TypedTensors.Random(DataType.Float32, 1, [4, 2, 2])).Attr("blocksize", 2L).Out(DataType.Float32).ImportFails("4-D");
        new NodeCase("DepthToSpace", 13).In(TypedTensors.Random(DataType.Float32, 1, [1, 4, 2, 2])).Attr("blocksize", 2L).Attr("mode", "RCD").Out(DataType.Float32).ImportFails("\"RCD\"");
    }
}
