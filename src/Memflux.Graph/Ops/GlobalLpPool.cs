using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX GlobalLpPool (opsets 2–21): (Σ |x|^p)^(1/p) over every spatial dimension of an fp32 (N, C, ...) input of rank ≥ 3;
/// attribute p (default 2) a positive integer. Sums are accumulated in fp64.
/// </summary>
public sealed class GlobalLpPool : Operator
{
    /// <inheritdoc />
    public override string OpType => "GlobalLpPool";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["p"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        P(node);
        return [new TensorInfo(DataType.Float32, GlobalMaxPool.GlobalPoolShape(node, x.Shape, x.Type))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        int p = P(node);
        var y = Tensor.Zeros(DataType.Float32, GlobalMaxPool.GlobalPoolShape(node, x.Shape, x.Type));
        int planes = x.Shape[0] * x.Shape[1];
        int size = planes == 0 ? 0 : x.Length / planes;
        var xData = x.Float32;
        for (int plane = 0; plane < planes; plane++)
        {
            double sum = 0;
            foreach (float v in xData.Slice(plane * size, size))
            {
                sum += Math.Pow(Math.Abs(v), p);
            }

            y.Float32[plane] = (float)Math.Pow(sum, 1.0 / p);
        }

        return [y];
    }

    private static int P(Node node)
    {
        long p = node.Attributes.GetInt("p", 2);
        if (p is < 1 or > 64)
        {
            throw node.Error($"attribute 'p' is {p}; expected a positive integer (at most 64).");
        }

        return (int)p;
    }
}
