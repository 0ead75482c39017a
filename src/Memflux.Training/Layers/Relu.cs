using System.Numerics;
using System.Runtime.InteropServices;
using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Training.Export;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Training.Layers;

/// <summary>y = max(x, 0); the gradient passes where the output is positive (zero at x = 0, as PyTorch).</summary>
public sealed class Relu : Layer
{
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape input) => input;

    /// <inheritdoc />
    protected override Tensor ForwardCore(Tensor input, TensorShape outputShape, PassContext context)
    {
        var y = Buffers.Ensure(ref _output, outputShape);
        TensorPrimitives.Max(input.Float32, 0f, y.Float32);
        return y;
    }

    /// <inheritdoc />
    protected override Tensor BackwardCore(Tensor outputGradient, PassContext context)
    {
        var dx = Buffers.Ensure(ref _inputGradient, Input!.Shape);
        ReadOnlySpan<float> y = _output!.Float32, dy = outputGradient.Float32;
        var d = dx.Float32;

        // Branch-free: the sign pattern of activations is random, so a per-element branch mispredicts half the time.
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            var dyv = MemoryMarshal.Cast<float, Vector<float>>(dy);
            var dv = MemoryMarshal.Cast<float, Vector<float>>(d);
            for (int v = 0; v < dv.Length; v++)
            {
                dv[v] = Vector.ConditionalSelect(Vector.GreaterThan(yv[v], Vector<float>.Zero), dyv[v], Vector<float>.Zero);
            }

            i = dv.Length * Vector<float>.Count;
        }

        for (; i < d.Length; i++)
        {
            d[i] = y[i] > 0f ? dy[i] : 0f;
        }

        return dx;
    }

    internal override Value Export(ExportContext context, Value input) => context.Node("Relu", Name, [input]);
}
