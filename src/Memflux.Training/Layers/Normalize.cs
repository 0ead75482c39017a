using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Training.Export;

namespace Memflux.Training.Layers;

/// <summary>
/// Fixed per-channel input normalisation y = (x − mean)/std, computed as x·(1/std) + (−mean/std), so the model takes
/// raw [0, 1] pixels. Exported as a depthwise 1×1 Conv with that weight and bias (exact, and needs no Sub/Div).
/// </summary>
public sealed class Normalize : Layer
{
    private readonly float[] _scale;
    private readonly float[] _shift;
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <summary>Creates the normalisation for per-channel <paramref name="mean"/> and <paramref name="std"/>.</summary>
    public Normalize(float[] mean, float[] std)
    {
        if (mean.Length == 0 || mean.Length != std.Length)
        {
            throw new MemfluxException($"Normalize: mean ({mean.Length} values) and std ({std.Length} values) must be non-empty and the same length.");
        }

        _scale = new float[mean.Length];
        _shift = new float[mean.Length];
        for (int c = 0; c < mean.Length; c++)
        {
            if (!(std[c] > 0f))
            {
                throw new MemfluxException($"Normalize: std[{c}] must be positive, found {std[c]}.");
            }

            _scale[c] = 1f / std[c];
            _shift[c] = -mean[c] / std[c];
        }
    }

    /// <summary>Channels.</summary>
    public int Channels => _scale.Length;

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape input)
    {
        if (input.Rank != 4 || input[1] != Channels)
        {
            throw Error($"expected input [N,{Channels},H,W], found {input}.");
        }

        return input;
    }

    /// <inheritdoc />
    protected override Tensor ForwardCore(Tensor input, TensorShape outputShape, PassContext context)
    {
        var y = Buffers.Ensure(ref _output, outputShape);
        int hw = input.Shape[2] * input.Shape[3];
        ReadOnlySpan<float> x = input.Float32;
        var ys = y.Float32;
        for (int plane = 0; plane < input.Length / hw; plane++)
        {
            int c = plane % Channels;
            float s = _scale[c], b = _shift[c];
            var src = x.Slice(plane * hw, hw);
            var dst = ys.Slice(plane * hw, hw);
            for (int i = 0; i < hw; i++)
            {
                dst[i] = (src[i] * s) + b;
            }
        }

        return y;
    }

    /// <inheritdoc />
    protected override Tensor BackwardCore(Tensor outputGradient, PassContext context)
    {
        var dx = Buffers.Ensure(ref _inputGradient, Input!.Shape);
        if (!NeedsInputGradient)
        {
            return dx;
        }

        int hw = Input.Shape[2] * Input.Shape[3];
        ReadOnlySpan<float> dy = outputGradient.Float32;
        var d = dx.Float32;
        for (int plane = 0; plane < dy.Length / hw; plane++)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(dy.Slice(plane * hw, hw), _scale[plane % Channels], d.Slice(plane * hw, hw));
        }

        return dx;
    }

    internal override Value Export(ExportContext context, Value input)
    {
        string stem = Name.Length > 0 ? Name : "normalize";
        var w = context.Constant(stem + ".scale", _scale, Channels, 1, 1, 1);
        var b = context.Constant(stem + ".shift", _shift, Channels);
        return context.Node("Conv", Name.Length > 0 ? Name : "normalize", [input, w, b], new()
        {
            ["kernel_shape"] = ExportContext.Ints(1, 1),
            ["group"] = AttributeValue.Of((long)Channels),
        });
    }
}
