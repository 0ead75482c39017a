using Memflux.Numerics;

namespace Memflux.Training.Layers;

/// <summary>
/// A 2-D pooling layer over NCHW with a square window, one stride and the same padding on every side; the output size
/// rounds down (ONNX ceil_mode 0).
/// </summary>
public abstract class Pool2d : Layer
{
    /// <summary>Checks the window; <paramref name="stride"/> defaults to the kernel size.</summary>
    protected Pool2d(int kernelSize, int? stride, int padding)
    {
        Stride = stride ?? kernelSize;
        if (kernelSize <= 0 || Stride <= 0 || padding < 0 || padding * 2 > kernelSize)
        {
            throw new MemfluxException($"{GetType().Name}: kernel {kernelSize} and stride {Stride} must be positive and padding {padding} at most half the kernel.");
        }

        KernelSize = kernelSize;
        Padding = padding;
    }

    /// <summary>Window height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Stride in both directions.</summary>
    public int Stride { get; }

    /// <summary>Padding on every side.</summary>
    public int Padding { get; }

    /// <inheritdoc />
    public sealed override TensorShape OutputShape(TensorShape input)
    {
        if (input.Rank != 4)
        {
            throw new MemfluxException($"{Describe()}: expected input [N,C,H,W], found {input}.");
        }

        if (input[2] + (2 * Padding) < KernelSize || input[3] + (2 * Padding) < KernelSize)
        {
            throw new MemfluxException($"{Describe()}: window {KernelSize} with padding {Padding} does not fit input {input}.");
        }

        int oh = ((input[2] + (2 * Padding) - KernelSize) / Stride) + 1, ow = ((input[3] + (2 * Padding) - KernelSize) / Stride) + 1;
        return new TensorShape(input[0], input[1], oh, ow);
    }
}
