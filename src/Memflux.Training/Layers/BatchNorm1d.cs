using Memflux.Numerics;

namespace Memflux.Training.Layers;

/// <summary>Batch normalisation of [N, C] features over the batch per feature.</summary>
public sealed class BatchNorm1d : BatchNorm
{
    /// <summary>Creates a batch-norm over <paramref name="features"/> features (PyTorch defaults: ε = 1e-5, momentum 0.1).</summary>
    public BatchNorm1d(int features, float epsilon = 1e-5f, float momentum = 0.1f)
        : base(features, epsilon, momentum)
    {
    }

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape input) => CheckInput(input, 2, "[N,C]");
}
