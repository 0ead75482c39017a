namespace Memflux.Numerics;

/// <summary>Element types a <see cref="Tensor"/> can hold.</summary>
/// <remarks>
/// The reference executor computes in fp32; int64 carries shapes and indices (Shape, Reshape, Gather, Slice).
/// Constant int32 tensors are widened to int64 on import because ONNX uses them only for indices and shapes.
/// </remarks>
public enum DataType
{
    /// <summary>IEEE 754 single precision.</summary>
    Float32,

    /// <summary>Signed 64-bit integer.</summary>
    Int64,
}
