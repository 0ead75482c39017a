using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Training.Export;

namespace Memflux.Training.Layers;

/// <summary>
/// Inverted dropout: in training, each element is zeroed with probability <see cref="Probability"/> and the rest
/// scaled by 1/(1−p); in evaluation it is the identity (and exports as nothing). The mask of element i at step s is
/// a hash of (seed, s, i), so it does not depend on thread count or call order.
/// </summary>
public sealed class Dropout : Layer
{
    private Tensor? _output;
    private Tensor? _inputGradient;
    private float[]? _mask;
    private bool _lastTraining;

    /// <summary>Creates a dropout layer dropping with probability <paramref name="probability"/> in [0, 1).</summary>
    public Dropout(float probability, ulong seed = 0)
    {
        if (!(probability >= 0f && probability < 1f))
        {
            throw new MemfluxException($"Dropout: probability must be in [0, 1), found {probability}.");
        }

        Probability = probability;
        Seed = seed;
    }

    /// <summary>The drop probability.</summary>
    public float Probability { get; }

    /// <summary>The seed of the masks.</summary>
    public ulong Seed { get; }

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape input) => input;

    /// <inheritdoc />
    protected override Tensor ForwardCore(Tensor input, TensorShape outputShape, PassContext context)
    {
        _lastTraining = context.Training && Probability > 0f;
        if (!_lastTraining)
        {
            return input;
        }

        var y = Buffers.Ensure(ref _output, outputShape);
        float[] mask = Buffers.Ensure(ref _mask, input.Length);
        ulong key = SplitMix64.Mix(Seed, (ulong)context.Step);
        float keepScale = 1f / (1f - Probability);
        ReadOnlySpan<float> x = input.Float32;
        var ys = y.Float32;
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = SplitMix64.UniformAt(key, (ulong)i) >= Probability ? keepScale : 0f;
            ys[i] = x[i] * mask[i];
        }

        return y;
    }

    /// <inheritdoc />
    protected override Tensor BackwardCore(Tensor outputGradient, PassContext context)
    {
        if (!_lastTraining)
        {
            return outputGradient;
        }

        var dx = Buffers.Ensure(ref _inputGradient, Input!.Shape);
        System.Numerics.Tensors.TensorPrimitives.Multiply(outputGradient.Float32, _mask, dx.Float32);
        return dx;
    }

    internal override Value Export(ExportContext context, Value input) => input;
}
