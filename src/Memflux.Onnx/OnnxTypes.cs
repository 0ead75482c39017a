using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>The map between ONNX element types and <see cref="DataType"/>, both ways.</summary>
public static class OnnxTypes
{
    /// <summary>The ONNX element types Memflux represents, for messages.</summary>
    public const string Supported = "FLOAT, DOUBLE, FLOAT16, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, BOOL";

    /// <summary>The <see cref="DataType"/> of an ONNX element type, or null when Memflux does not represent it.</summary>
    public static DataType? FromOnnx(TensorProto.Types.DataType type) => type switch
    {
        TensorProto.Types.DataType.Float => DataType.Float32,
        TensorProto.Types.DataType.Double => DataType.Float64,
        TensorProto.Types.DataType.Float16 => DataType.Float16,
        TensorProto.Types.DataType.Int8 => DataType.Int8,
        TensorProto.Types.DataType.Int16 => DataType.Int16,
        TensorProto.Types.DataType.Int32 => DataType.Int32,
        TensorProto.Types.DataType.Int64 => DataType.Int64,
        TensorProto.Types.DataType.Uint8 => DataType.UInt8,
        TensorProto.Types.DataType.Uint16 => DataType.UInt16,
        TensorProto.Types.DataType.Uint32 => DataType.UInt32,
        TensorProto.Types.DataType.Uint64 => DataType.UInt64,
        TensorProto.Types.DataType.Bool => DataType.Bool,
        _ => null,
    };

    /// <summary>The ONNX element type of <paramref name="type"/>.</summary>
    public static TensorProto.Types.DataType ToOnnx(DataType type) => type switch
    {
        DataType.Float32 => TensorProto.Types.DataType.Float,
        DataType.Float64 => TensorProto.Types.DataType.Double,
        DataType.Float16 => TensorProto.Types.DataType.Float16,
        DataType.Int8 => TensorProto.Types.DataType.Int8,
        DataType.Int16 => TensorProto.Types.DataType.Int16,
        DataType.Int32 => TensorProto.Types.DataType.Int32,
        DataType.Int64 => TensorProto.Types.DataType.Int64,
        DataType.UInt8 => TensorProto.Types.DataType.Uint8,
        DataType.UInt16 => TensorProto.Types.DataType.Uint16,
        DataType.UInt32 => TensorProto.Types.DataType.Uint32,
        DataType.UInt64 => TensorProto.Types.DataType.Uint64,
        DataType.Bool => TensorProto.Types.DataType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The <see cref="DataType"/> of an ONNX element type, or an error naming <paramref name="what"/> and the file.</summary>
    public static DataType Map(TensorProto.Types.DataType type, string what, string source) =>
        FromOnnx(type) ?? throw new MemfluxException($"{source}: {what} has element type {OnnxName(type)}; supported: {Supported}.");

    /// <summary>The ONNX spelling of an element type (FLOAT, BFLOAT16, STRING, ...).</summary>
    public static string OnnxName(TensorProto.Types.DataType type) => type switch
    {
        TensorProto.Types.DataType.Bfloat16 => "BFLOAT16",
        TensorProto.Types.DataType.Float16 => "FLOAT16",
        _ => type.ToString().ToUpperInvariant(),
    };
}
