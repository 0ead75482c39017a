using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class EinsumTests
{
    public static TheoryData<string, int[][]> Equations => new()
    {
        { "bhid,bhjd->bhij", [[2, 3, 4, 5], [2, 3, 6, 5]] },   // attention scores
        { "bhij,bhjd->bhid", [[2, 3, 4, 6], [2, 3, 6, 5]] },   // attention-weighted values
        { "bij,bjk->bik", [[3, 2, 5], [3, 5, 4]] },
        { "bij, bjk -> bik", [[2, 2, 3], [2, 3, 4]] },          // spaces
        { "bij,bjk", [[2, 2, 3], [2, 3, 4]] },                  // implicit output
        { "ij,jk->ik", [[3, 4], [4, 5]] },
        { "ij,kj->ik", [[3, 4], [5, 4]] },                      // B transposed in place
        { "ji,jk->ik", [[4, 3], [4, 5]] },                      // A transposed in place
        { "bqhd,bkhd->bhqk", [[2, 3, 2, 4], [2, 5, 2, 4]] },    // needs real transposes
        { "ij->ji", [[3, 4]] },
        { "ij->i", [[3, 4]] },
        { "ij->j", [[3, 4]] },
        { "ijk->", [[2, 3, 4]] },
        { "ii->i", [[4, 4]] },
        { "ii", [[4, 4]] },                                     // trace
        { "...ii->...i", [[3, 5, 5]] },
        { "i,j->ij", [[3], [4]] },
        { "i,i", [[5], [5]] },                                  // inner product
        { "ij,ij->ij", [[2, 3], [2, 3]] },                     // elementwise
        { "ij,ij->", [[2, 3], [2, 3]] },
        { "...ij,...jk->...ik", [[2, 1, 3, 4], [1, 5, 4, 6]] }, // broadcast batch
        { "...ij,jk->...ik", [[2, 3, 4], [4, 2]] },
        { "ij...,jk...->ik...", [[2, 3, 4], [3, 5, 1]] },
        { "bij,bjk,bkl->bil", [[2, 2, 3], [2, 3, 4], [2, 4, 2]] },
        { "ab,bc,cd", [[2, 3], [3, 4], [4, 5]] },
        { "iij,jk->ik", [[3, 3, 2], [2, 4]] },                  // a diagonal inside a product
        { "ik,jk->", [[3, 4], [2, 4]] },                        // sums before the product
        { "i,jk->ijk", [[2], [3, 4]] },
    };

    [Theory]
    [MemberData(nameof(Equations))]
    public void Equations_match_ort_fp32(string equation, int[][] shapes) =>
        Check(equation, shapes, DataType.Float32, OpTest.SumAbsoluteTolerance, OpTest.SumRelativeTolerance);

    [Theory]
    [MemberData(nameof(Equations))]
    public void Equations_match_ort_fp64(string equation, int[][] shapes) => Check(equation, shapes, DataType.Float64, 1e-12f, 1e-12f);

    [Theory]
    [InlineData(DataType.Int32)]
    [InlineData(DataType.Int64)]
    public void Integers_match_ort(DataType type)
    {
        Check("bij,bjk->bik", [[2, 3, 4], [2, 4, 5]], type, 0, 0);
        Check("ij->j", [[3, 4]], type, 0, 0);
        Check("ii", [[3, 3]], type, 0, 0);
    }

    [Fact]
    public void Large_batched_product_matches_ort() =>
        Check("bhid,bhjd->bhij", [[1, 4, 33, 64], [1, 4, 47, 64]], DataType.Float32, OpTest.SumAbsoluteTolerance, OpTest.SumRelativeTolerance);

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var a = TypedTensors.Random(DataType.Float32, 1, [2, 3]);
        Node("ij,jk->ik", a, a).ImportFails("dimension 'j'", "is 3 in one operand and 2");
        Node("ij->ik", a).ImportFails("output label 'k'", "appears in no operand");
        Node("ijk->i", a).ImportFails("does not fit input 0");
        Node("ij,jk->ik", a).ImportFails("2 operand terms but the node has 1 inputs");
        Node("i1->i", a).ImportFails("character '1'");
        Node("ij->ii", a).ImportFails("appears more than once");
        Node("...j->j", TypedTensors.Random(DataType.Float32, 1, [2, 3, 4])).ImportFails("'...' in an operand but not in the output");
        Node("...ij,...jk->...ik", TypedTensors.Random(DataType.Float32, 1, [2, 2, 3]), TypedTensors.Random(DataType.Float32, 1, [3, 4])).ImportFails("'...' stands for 1 dimensions in input 0 and 0 in input 1");
        new NodeCase("Einsum", 12).In(a).In(TypedTensors.Random(DataType.Float64, 1, [3])).Attr("equation", "ij,j->i").Out(DataType.Float32).ImportFails("one numeric type");
    }

    private static NodeCase Node(string equation, params Tensor[] inputs)
    {
        var node = new NodeCase("Einsum", 12).Attr("equation", equation);
        foreach (var x in inputs)
        {
            node.In(x);
        }

        return node.Out(inputs[0].Type);
    }

    private static void Check(string equation, int[][] shapes, DataType type, float atol, float rtol)
    {
        var inputs = shapes.Select((s, i) => TypedTensors.Random(type, i + 1, s)).ToArray();
        Node(equation, inputs).MatchesOrt(atol, rtol);
    }
}
