using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Training.Export;

namespace Memflux.Training.Layers;

/// <summary>
/// Average pooling over NCHW with a square window and stride; padded positions are not counted (ONNX
/// AveragePool with count_include_pad 0, floor output size).
/// </summary>
public sealed class AvgPool2d : Pool2d
{
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <summary>Creates a pool; <paramref name="stride"/> defaults to the kernel size; padded positions are not counted in the average.</summary>
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0)
        : base(kernelSize, stride, padding)
    {
    }

    /// <inheritdoc />
    protected override Tensor ForwardCore(Tensor input, TensorShape outputShape, PassContext context)
    {
        var y = Buffers.Ensure(ref _output, outputShape);
        int planes = outputShape[0] * outputShape[1], h = input.Shape[2], w = input.Shape[3], oh = outputShape[2], ow = outputShape[3];
        ReadOnlySpan<float> x = input.Float32;
        var ys = y.Float32;
        for (int plane = 0; plane < planes; plane++)
        {
            var xp = x.Slice(plane * h * w, h * w);
            for (int oy = 0; oy < oh; oy++)
            {
                int y0 = Math.Max((oy * Stride) - Padding, 0), y1 = Math.Min((oy * Stride) - Padding + KernelSize, h);
                for (int ox = 0; ox < ow; ox++)
                {
                    int x0 = Math.Max((ox * Stride) - Padding, 0), x1 = Math.Min((ox * Stride) - Padding + KernelSize, w);
                    float sum = 0;
                    for (int iy = y0; iy < y1; iy++)
                    {
                        for (int ix = x0; ix < x1; ix++)
                        {
                            sum += xp[(iy * w) + ix];
                        }
                    }

                    ys[(((plane * oh) + oy) * ow) + ox] = sum / ((y1 - y0) * (x1 - x0));
                }
            }
        }

        return y;
    }

    /// <inheritdoc />
    protected override Tensor BackwardCore(Tensor outputGradient, PassContext context)
    {
        var input = Input!;
        var dx = Buffers.Ensure(ref _inputGradient, input.Shape);
        var d = dx.Float32;
        d.Clear();
        ReadOnlySpan<float> dy = outputGradient.Float32;
        int planes = dy.Length / (outputGradient.Shape[2] * outputGradient.Shape[3]);
        int h = input.Shape[2], w = input.Shape[3], oh = outputGradient.Shape[2], ow = outputGradient.Shape[3];
        for (int plane = 0; plane < planes; plane++)
        {
            var dp = d.Slice(plane * h * w, h * w);
            for (int oy = 0; oy < oh; oy++)
            {
                int y0 = Math.Max((oy * Stride) - Padding, 0), y1 = Math.Min((oy * Stride) - Padding + KernelSize, h);
                for (int ox = 0; ox < ow; ox++)
                {
                    int x0 = Math.Max((ox * Stride) - Padding, 0), x1 = Math.Min((ox * Stride) - Padding + KernelSize, w);
                    float g = dy[(((plane * oh) + oy) * ow) + ox] / ((y1 - y0) * (x1 - x0));
                    for (int iy = y0; iy < y1; iy++)
                    {
                        for (int ix = x0; ix < x1; ix++)
                        {
                            dp[(iy * w) + ix] += g;
                        }
                    }
                }
            }
        }

        return dx;
    }

    internal override Value Export(ExportContext context, Value input) => context.Node("AveragePool", Name, [input], new()
    {
        ["kernel_shape"] = ExportContext.Ints(KernelSize, KernelSize),
        ["strides"] = ExportContext.Ints(Stride, Stride),
        ["pads"] = ExportContext.Ints(Padding, Padding, Padding, Padding),
        ["count_include_pad"] = AttributeValue.Of(0L),
    });
}
