using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>What shape inference knows of a value: type, shape, and data when it is constant.</summary>
public sealed record TensorInfo(DataType Type, TensorShape Shape, Tensor? Constant = null)
{
    /// <summary>The info of a known tensor.</summary>
    public static TensorInfo Of(Tensor tensor) => new(tensor.Type, tensor.Shape, tensor);
}
