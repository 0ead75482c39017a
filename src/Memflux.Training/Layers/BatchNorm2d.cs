using Memflux.Numerics;

namespace Memflux.Training.Layers;

/// <summary>Batch normalisation of [N, C, H, W] activations over N, H and W per channel.</summary>
public sealed class BatchNorm2d : BatchNorm
{
    /// <summary>Creates a batch-norm over <paramref name="channels"/> channels (PyTorch defaults: ε = 1e-5, momentum 0.1).</summary>
    public BatchNorm2d(int channels, float epsilon = 1e-5f, float momentum = 0.1f)
        : base(channels, epsilon, momentum)
    {
    }

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape input) => CheckInput(input, 4, "[N,C,H,W]");
}
