using Memflux.Numerics;

namespace Memflux.Training.Layers;

/// <summary>Output shape of 2-D pooling with floor rounding (ONNX ceil_mode 0).</summary>
internal static class PoolShape
{
    public static TensorShape Output(Layer layer, TensorShape input, int kernel, int stride, int padding)
    {
        if (input.Rank != 4)
        {
            throw new MemfluxException($"{layer.Describe()}: expected input [N,C,H,W], found {input}.");
        }

        int oh = ((input[2] + (2 * padding) - kernel) / stride) + 1, ow = ((input[3] + (2 * padding) - kernel) / stride) + 1;
        if (input[2] + (2 * padding) < kernel || input[3] + (2 * padding) < kernel)
        {
            throw new MemfluxException($"{layer.Describe()}: window {kernel} with padding {padding} does not fit input {input}.");
        }

        return new TensorShape(input[0], input[1], oh, ow);
    }
}
