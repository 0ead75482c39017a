using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX GlobalAveragePool (opsets 1–21): the mean over every spatial dimension of an (N, C, ...) input of rank ≥ 3.</summary>
public sealed class GlobalAveragePool : Operator
{
    /// <inheritdoc />
    public override string OpType => "GlobalAveragePool";

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [new TensorInfo(DataType.Float32, OutputShape(node, x.Shape, x.Type))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var y = Tensor.Zeros(DataType.Float32, OutputShape(node, x.Shape, x.Type));
        int planes = x.Shape[0] * x.Shape[1];
        int size = planes == 0 ? 0 : x.Length / planes;
        var xData = x.Float32;
        var yData = y.Float32;
        for (int p = 0; p < planes; p++)
        {
            yData[p] = TensorPrimitives.Sum(xData.Slice(p * size, size)) / size;
        }

        return [y];
    }

    private static TensorShape OutputShape(Node node, TensorShape x, DataType type)
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
