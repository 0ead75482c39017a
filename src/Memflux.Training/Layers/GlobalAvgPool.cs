using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Training.Export;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Training.Layers;

/// <summary>[N, C, H, W] → [N, C, 1, 1], the mean of each plane (ONNX GlobalAveragePool).</summary>
public sealed class GlobalAvgPool : Layer
{
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape input)
    {
        if (input.Rank != 4)
        {
            throw Error($"expected input [N,C,H,W], found {input}.");
        }

        return new TensorShape(input[0], input[1], 1, 1);
    }

    /// <inheritdoc />
    protected override Tensor ForwardCore(Tensor input, TensorShape outputShape, PassContext context)
    {
        var y = Buffers.Ensure(ref _output, outputShape);
        int hw = input.Shape[2] * input.Shape[3];
        ReadOnlySpan<float> x = input.Float32;
        var ys = y.Float32;
        for (int plane = 0; plane < ys.Length; plane++)
        {
            ys[plane] = TensorPrimitives.Sum(x.Slice(plane * hw, hw)) / hw;
        }

        return y;
    }

    /// <inheritdoc />
    protected override Tensor BackwardCore(Tensor outputGradient, PassContext context)
    {
        var dx = Buffers.Ensure(ref _inputGradient, Input!.Shape);
        int hw = Input.Shape[2] * Input.Shape[3];
        ReadOnlySpan<float> dy = outputGradient.Float32;
        var d = dx.Float32;
        for (int plane = 0; plane < dy.Length; plane++)
        {
            d.Slice(plane * hw, hw).Fill(dy[plane] / hw);
        }

        return dx;
    }

    internal override Value Export(ExportContext context, Value input) => context.Node("GlobalAveragePool", Name, [input]);
}
