using Memflux.Numerics;
using Microsoft.ML.OnnxRuntime;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace Memflux.Cli.Oracle;

/// <summary>
/// Tensors into and out of ONNX Runtime, every element type by its bytes. The test oracle compiles this same file
/// (linked from tests/Memflux.TestSupport), so the tests and the CLI convert alike.
/// </summary>
internal static class OrtTensors
{
    /// <summary>
    /// An OrtValue over <paramref name="tensor"/>: an fp32 tensor's array is pinned (no copy, so timings measure the
    /// runtime, not marshalling); other types are copied into a tensor ONNX Runtime allocates.
    /// </summary>
    public static OrtValue ToOrt(Tensor tensor)
    {
        long[] shape = [.. tensor.Shape.Dimensions.ToArray().Select(d => (long)d)];
        if (tensor.Type == DataType.Float32)
        {
            return OrtValue.CreateTensorValueFromMemory(tensor.Float32Array, shape);
        }

        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, ElementType(tensor.Type), shape);
        tensor.Bytes.CopyTo(value.GetTensorMutableRawData());
        return value;
    }

    /// <summary>A copy of an ONNX Runtime tensor, or null when its element type has no <see cref="DataType"/>.</summary>
    public static Tensor? FromOrt(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        if (FromElementType(info.ElementDataType) is not { } type)
        {
            return null;
        }

        var tensor = Tensor.Zeros(type, new TensorShape([.. info.Shape.Select(d => checked((int)d))]));
        value.GetTensorMutableRawData().CopyTo(tensor.Bytes);
        return tensor;
    }

    /// <summary>ONNX Runtime's element type for <paramref name="type"/>.</summary>
    public static TensorElementType ElementType(DataType type) => type switch
    {
        DataType.Float32 => TensorElementType.Float,
        DataType.Float64 => TensorElementType.Double,
        DataType.Float16 => TensorElementType.Float16,
        DataType.Int8 => TensorElementType.Int8,
        DataType.Int16 => TensorElementType.Int16,
        DataType.Int32 => TensorElementType.Int32,
        DataType.Int64 => TensorElementType.Int64,
        DataType.UInt8 => TensorElementType.UInt8,
        DataType.UInt16 => TensorElementType.UInt16,
        DataType.UInt32 => TensorElementType.UInt32,
        DataType.UInt64 => TensorElementType.UInt64,
        DataType.Bool => TensorElementType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static DataType? FromElementType(TensorElementType type) =>
        DataTypes.All.Cast<DataType?>().FirstOrDefault(t => ElementType(t!.Value) == type);
}
