using Memflux.Numerics;

namespace Memflux.Data;

/// <summary>A model input that brought data must fill: its name, element type and static shape (batch first).</summary>
/// <param name="Name">The graph input's name.</param>
/// <param name="Type">Its element type.</param>
/// <param name="Shape">Its static shape; for rank ≥ 1 the first dimension is the model's batch.</param>
public sealed record SampleInput(string Name, DataType Type, TensorShape Shape)
{
    /// <summary>The model's batch: the first dimension, or 1 for a scalar input.</summary>
    public int Batch => Shape.Rank == 0 ? 1 : Shape[0];
}
