using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Transpose: output dimension i is input dimension perm[i]; perm defaults to the reverse order.</summary>
public sealed class Transpose : Operator
{
    /// <inheritdoc />
    public override string OpType => "Transpose";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["perm"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        int[] perm = Permutation(node, x.Shape.Rank);
        return [new TensorInfo(x.Type, new TensorShape([.. perm.Select(p => x.Shape[p])]))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        int[] perm = Permutation(node, x.Shape.Rank);
        var shape = new TensorShape([.. perm.Select(p => x.Shape[p])]);
        int[] strides = x.Shape.Strides();
        long[] sourceStrides = [.. perm.Select(p => (long)strides[p])];
        var y = Tensor.Zeros(x.Type, shape);
        StridedCopy.Copy(x, 0, shape.Dimensions, sourceStrides, y);

        return [y];
    }

    private static int[] Permutation(Node node, int rank)
    {
        var attribute = node.Attributes.GetInts("perm");
        if (attribute is null)
        {
            return [.. Enumerable.Range(0, rank).Reverse()];
        }

        string found = "[" + string.Join(",", attribute) + "]";
        if (attribute.Count != rank)
        {
            throw node.Error($"perm {found} has {attribute.Count} entries; the input has rank {rank}.");
        }

        var perm = new int[rank];
        var seen = new bool[rank];
        for (int i = 0; i < rank; i++)
        {
            long p = attribute[i];
            if (p < 0 || p >= rank || seen[p])
            {
                throw node.Error($"perm {found} is not a permutation of 0..{rank - 1}.");
            }

            seen[p] = true;
            perm[i] = (int)p;
        }

        return perm;
    }
}
