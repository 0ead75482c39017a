using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Training.Export;

namespace Memflux.Training.Layers;

/// <summary>
/// Max pooling over NCHW with a square window, stride and implicit −∞ padding (floor output size, as ONNX
/// MaxPool with ceil_mode 0). The backward pass routes each output gradient to the first maximum of its window.
/// </summary>
public sealed class MaxPool2d : Pool2d
{
    private Tensor? _output;
    private Tensor? _inputGradient;
    private int[]? _argmax;

    /// <summary>Creates a pool; <paramref name="stride"/> defaults to the kernel size.</summary>
    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0)
        : base(kernelSize, stride, padding)
    {
    }

    /// <inheritdoc />
    protected override Tensor ForwardCore(Tensor input, TensorShape outputShape, PassContext context)
    {
        var y = Buffers.Ensure(ref _output, outputShape);
        int planes = outputShape[0] * outputShape[1], h = input.Shape[2], w = input.Shape[3], oh = outputShape[2], ow = outputShape[3];
        int[] argmax = _argmax is { } a && a.Length == y.Length ? a : (_argmax = new int[y.Length]);
        float[] x = input.Float32Array, ya = y.Float32Array;
        Parallel.For(0, BatchChunks.Count(planes), context.Parallel, chunk =>
        {
            int chunks = BatchChunks.Count(planes), end = BatchChunks.Start(chunk + 1, chunks, planes);
            for (int plane = BatchChunks.Start(chunk, chunks, planes); plane < end; plane++)
            {
                var xp = x.AsSpan(plane * h * w, h * w);
                for (int oy = 0; oy < oh; oy++)
                {
                    int y0 = Math.Max((oy * Stride) - Padding, 0), y1 = Math.Min((oy * Stride) - Padding + KernelSize, h);
                    for (int ox = 0; ox < ow; ox++)
                    {
                        int x0 = Math.Max((ox * Stride) - Padding, 0), x1 = Math.Min((ox * Stride) - Padding + KernelSize, w);
                        float best = float.NegativeInfinity;
                        int bestIndex = (y0 * w) + x0;
                        for (int iy = y0; iy < y1; iy++)
                        {
                            for (int ix = x0; ix < x1; ix++)
                            {
                                float v = xp[(iy * w) + ix];
                                if (v > best)
                                {
                                    best = v;
                                    bestIndex = (iy * w) + ix;
                                }
                            }
                        }

                        int o = (((plane * oh) + oy) * ow) + ox;
                        ya[o] = best;
                        argmax[o] = bestIndex;
                    }
                }
            }
        });
        return y;
    }

    /// <inheritdoc />
    protected override Tensor BackwardCore(Tensor outputGradient, PassContext context)
    {
        var dx = Buffers.Ensure(ref _inputGradient, Input!.Shape);
        var d = dx.Float32;
        d.Clear();
        ReadOnlySpan<float> dy = outputGradient.Float32;
        int planeIn = Input.Shape[2] * Input.Shape[3], planeOut = outputGradient.Shape[2] * outputGradient.Shape[3];
        int[] argmax = _argmax!;
        for (int o = 0; o < dy.Length; o++)
        {
            d[(o / planeOut * planeIn) + argmax[o]] += dy[o];
        }

        return dx;
    }

    internal override Value Export(ExportContext context, Value input) => context.Node("MaxPool", Name, [input], new()
    {
        ["kernel_shape"] = ExportContext.Ints(KernelSize, KernelSize),
        ["strides"] = ExportContext.Ints(Stride, Stride),
        ["pads"] = ExportContext.Ints(Padding, Padding, Padding, Padding),
    });
}
