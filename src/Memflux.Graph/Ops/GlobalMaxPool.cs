using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX GlobalMaxPool (opsets 1–21): the maximum over every spatial dimension of an fp32 (N, C, ...) input of rank ≥ 3.
/// As ONNX Runtime, the maximum starts at float.MinValue and takes only greater values, so NaN is ignored and a plane of
/// NaN or −∞ gives float.MinValue.
/// </summary>
public sealed class GlobalMaxPool : Operator
{
    /// <inheritdoc />
    public override string OpType => "GlobalMaxPool";

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [new TensorInfo(DataType.Float32, GlobalPoolShape(node, x.Shape, x.Type))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var y = Tensor.Zeros(DataType.Float32, GlobalPoolShape(node, x.Shape, x.Type));
        int planes = x.Shape[0] * x.Shape[1];
        int size = planes == 0 ? 0 : x.Length / planes;
        for (int p = 0; p < planes; p++)
        {
            var plane = x.Float32.Slice(p * size, size);
            float best = float.MinValue;
            foreach (float v in plane)
            {
                best = v > best ? v : best;
            }

            y.Float32[p] = best;
        }

        return [y];
    }

    /// <summary>(N, C, 1, ...) for an fp32 input of rank ≥ 3, or an error naming the node.</summary>
    internal static TensorShape GlobalPoolShape(Node node, TensorShape x, DataType type)
    {
        if (type != DataType.Float32)
        {
            throw node.Error($"input X must be Float32; found {type}.");
        }

        if (x.Rank < 3)
        {
            throw node.Error($"input X has shape {x}; expected rank 3 or more (N, C, spatial...).");
        }

        var dims = x.Dimensions.ToArray();
        dims.AsSpan(2).Fill(1);
        return new TensorShape(dims);
    }
}
