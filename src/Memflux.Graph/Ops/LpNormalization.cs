using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX LpNormalization (opsets 1–21) on fp32: x divided by its L1 (p = 1) or L2 (p = 2, the default) norm along
/// <c>axis</c> (default −1); a zero norm gives 0 (as ONNX Runtime). Norms are accumulated in fp64.
/// </summary>
public sealed class LpNormalization : Operator
{
    /// <inheritdoc />
    public override string OpType => "LpNormalization";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["axis", "p"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        Resolve(node, x);
        return [new TensorInfo(DataType.Float32, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var (axis, p) = Resolve(node, TensorInfo.Of(x));
        var dims = x.Shape.Dimensions;
        int outer = OperatorInputs.Product(dims, 0, axis), length = dims[axis], inner = OperatorInputs.Product(dims, axis + 1, dims.Length);
        var y = Tensor.Uninitialized(DataType.Float32, x.Shape);
        var xs = x.Float32;
        var ys = y.Float32;
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = (o * length * inner) + i;
                double norm = 0;
                for (int k = 0; k < length; k++)
                {
                    float v = xs[start + (k * inner)];
                    norm += p == 1 ? Math.Abs(v) : (double)v * v;
                }

                float divisor = (float)(p == 1 ? norm : Math.Sqrt(norm));
                for (int k = 0; k < length; k++)
                {
                    int at = start + (k * inner);
                    ys[at] = divisor == 0 ? 0f : xs[at] / divisor;
                }
            }
        }

        return [y];
    }

    private static (int Axis, int P) Resolve(Node node, TensorInfo x)
    {
        if (x.Type != DataType.Float32)
        {
            throw node.Error($"input must be Float32; found {x.Type}.");
        }

        if (x.Shape.Rank == 0)
        {
            throw node.Error("input is a scalar; expected rank 1 or more.");
        }

        long p = node.Attributes.GetInt("p", 2);
        if (p is not (1 or 2))
        {
            throw node.Error($"attribute 'p' is {p}; expected 1 or 2.");
        }

        return (OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", -1), x.Shape.Rank, "axis"), (int)p);
    }
}
