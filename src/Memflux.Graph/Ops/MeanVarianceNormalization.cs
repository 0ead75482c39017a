using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX MeanVarianceNormalization (opsets 9–21) on fp32: over the <c>axes</c> (default [0, 2, 3]),
/// y = (x − E[x]) / (√(E[x²] − E[x]²) + 1e-9), the ONNX function's formula. Sums are accumulated in fp64.
/// </summary>
public sealed class MeanVarianceNormalization : Operator
{
    /// <inheritdoc />
    public override string OpType => "MeanVarianceNormalization";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["axes"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        Reduced(node, x);
        return [new TensorInfo(DataType.Float32, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        bool[] reduced = Reduced(node, TensorInfo.Of(x));
        var dims = x.Shape.Dimensions;
        int rank = dims.Length;

        // The group of an element is its index with the reduced coordinates dropped.
        var groupStrides = new int[rank];
        int groups = 1;
        for (int a = rank - 1; a >= 0; a--)
        {
            groupStrides[a] = reduced[a] ? 0 : groups;
            groups *= reduced[a] ? 1 : dims[a];
        }

        int[] group = new int[x.Length];
        Span<int> counter = stackalloc int[rank];
        for (int i = 0, g = 0; i < group.Length; i++)
        {
            group[i] = g;
            for (int a = rank - 1; a >= 0; a--)
            {
                g += groupStrides[a];
                if (++counter[a] < dims[a])
                {
                    break;
                }

                g -= groupStrides[a] * dims[a];
                counter[a] = 0;
            }
        }

        var sum = new double[groups];
        var squares = new double[groups];
        var xs = x.Float32;
        for (int i = 0; i < xs.Length; i++)
        {
            sum[group[i]] += xs[i];
            squares[group[i]] += (double)xs[i] * xs[i];
        }

        double count = groups == 0 ? 0 : (double)x.Length / groups;
        var mean = new float[groups];
        var std = new float[groups];
        for (int g = 0; g < groups; g++)
        {
            double m = sum[g] / count;
            mean[g] = (float)m;
            std[g] = (float)(Math.Sqrt(Math.Max(0, (squares[g] / count) - (m * m))) + 1e-9);
        }

        var y = Tensor.Uninitialized(DataType.Float32, x.Shape);
        var ys = y.Float32;
        for (int i = 0; i < xs.Length; i++)
        {
            ys[i] = (xs[i] - mean[group[i]]) / std[group[i]];
        }

        return [y];
    }

    private static bool[] Reduced(Node node, TensorInfo x)
    {
        if (x.Type != DataType.Float32)
        {
            throw node.Error($"input X must be Float32; found {x.Type}.");
        }

        if (node.Opset < 9)
        {
            throw node.Error("MeanVarianceNormalization exists only from opset 9.");
        }

        int rank = x.Shape.Rank;
        var axes = node.Attributes.GetInts("axes") ?? (rank == 4 ? [0, 2, 3] : throw node.Error($"input X has shape {x.Shape}; without attribute 'axes' (default [0,2,3]) it must have rank 4."));
        var reduced = new bool[rank];
        foreach (int a in OperatorInputs.NormalizeAxes(node, axes, rank, "axis"))
        {
            reduced[a] = true;
        }

        return reduced;
    }
}
