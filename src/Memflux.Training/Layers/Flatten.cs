using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Training.Export;

namespace Memflux.Training.Layers;

/// <summary>[N, d1, d2, …] → [N, d1·d2·…] without copying (ONNX Flatten, axis 1).</summary>
public sealed class Flatten : Layer
{
    private Tensor? _view;
    private Tensor? _gradientView;

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape input)
    {
        if (input.Rank < 1)
        {
            throw Error($"expected a batch-first input, found a scalar.");
        }

        return new TensorShape(input[0], input[0] == 0 ? 0 : input.ElementCount / input[0]);
    }

    /// <inheritdoc />
    protected override Tensor ForwardCore(Tensor input, TensorShape outputShape, PassContext context) =>
        View(ref _view, input.Float32Array, outputShape);

    /// <inheritdoc />
    protected override Tensor BackwardCore(Tensor outputGradient, PassContext context) =>
        View(ref _gradientView, outputGradient.Float32Array, Input!.Shape);

    internal override Value Export(ExportContext context, Value input) =>
        context.Node("Flatten", Name, [input], new() { ["axis"] = AttributeValue.Of(1L) });

    // Reuses the view object while the underlying array and shape stay the same.
    private static Tensor View(ref Tensor? cache, float[] data, TensorShape shape)
    {
        if (cache is null || !ReferenceEquals(cache.Float32Array, data) || !cache.Shape.Equals(shape))
        {
            cache = Tensor.FromFloat32(data, shape);
        }

        return cache;
    }
}
