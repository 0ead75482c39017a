using System.Numerics;

namespace Memflux.Numerics;

/// <summary>Element types a <see cref="Tensor"/> can hold: the numeric and boolean tensor types of ONNX.</summary>
/// <remarks>
/// The analog and digital kernels compute in fp32; the other types flow through the reference executor as exporters
/// write them (int64 token ids and shapes, bool masks, int32 indices, fp64 and fp16 tensors). ONNX's string, bfloat16,
/// complex and 8-bit float types are not represented: a model that uses them is an import error naming the value.
/// Members keep fixed values because nothing persists them by name.
/// </remarks>
public enum DataType
{
    /// <summary>IEEE 754 single precision.</summary>
    Float32,

    /// <summary>Signed 64-bit integer.</summary>
    Int64,

    /// <summary>IEEE 754 double precision.</summary>
    Float64,

    /// <summary>IEEE 754 half precision.</summary>
    Float16,

    /// <summary>Signed 32-bit integer.</summary>
    Int32,

    /// <summary>Signed 16-bit integer.</summary>
    Int16,

    /// <summary>Signed 8-bit integer.</summary>
    Int8,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16,

    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32,

    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64,

    /// <summary>Boolean, one byte per element (0 or 1), as ONNX stores it.</summary>
    Bool,
}

/// <summary>Facts about each <see cref="DataType"/>: its .NET element type, size and kind.</summary>
public static class DataTypes
{
    /// <summary>Every supported type.</summary>
    public static IReadOnlyList<DataType> All { get; } = Enum.GetValues<DataType>();

    /// <summary>The <see cref="DataType"/> of the .NET element type <typeparamref name="T"/>.</summary>
    public static DataType Of<T>() =>
        typeof(T) == typeof(float) ? DataType.Float32
        : typeof(T) == typeof(long) ? DataType.Int64
        : typeof(T) == typeof(double) ? DataType.Float64
        : typeof(T) == typeof(Half) ? DataType.Float16
        : typeof(T) == typeof(int) ? DataType.Int32
        : typeof(T) == typeof(short) ? DataType.Int16
        : typeof(T) == typeof(sbyte) ? DataType.Int8
        : typeof(T) == typeof(byte) ? DataType.UInt8
        : typeof(T) == typeof(ushort) ? DataType.UInt16
        : typeof(T) == typeof(uint) ? DataType.UInt32
        : typeof(T) == typeof(ulong) ? DataType.UInt64
        : typeof(T) == typeof(bool) ? DataType.Bool
        : throw new ArgumentException($"{typeof(T)} is not a tensor element type.");

    /// <summary>The .NET element type of <paramref name="type"/>.</summary>
    public static Type ClrType(this DataType type) => type switch
    {
        DataType.Float32 => typeof(float),
        DataType.Int64 => typeof(long),
        DataType.Float64 => typeof(double),
        DataType.Float16 => typeof(Half),
        DataType.Int32 => typeof(int),
        DataType.Int16 => typeof(short),
        DataType.Int8 => typeof(sbyte),
        DataType.UInt8 => typeof(byte),
        DataType.UInt16 => typeof(ushort),
        DataType.UInt32 => typeof(uint),
        DataType.UInt64 => typeof(ulong),
        DataType.Bool => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Bytes per element.</summary>
    public static int Size(this DataType type) => type switch
    {
        DataType.Int8 or DataType.UInt8 or DataType.Bool => 1,
        DataType.Int16 or DataType.UInt16 or DataType.Float16 => 2,
        DataType.Int32 or DataType.UInt32 or DataType.Float32 => 4,
        _ => 8,
    };

    /// <summary>True for fp16, fp32 and fp64.</summary>
    public static bool IsFloatingPoint(this DataType type) => type is DataType.Float32 or DataType.Float64 or DataType.Float16;

    /// <summary>True for the signed and unsigned integer types (not bool).</summary>
    public static bool IsInteger(this DataType type) => !type.IsFloatingPoint() && type != DataType.Bool;

    /// <summary>True for the signed integer and floating-point types.</summary>
    public static bool IsSigned(this DataType type) =>
        type.IsFloatingPoint() || type is DataType.Int8 or DataType.Int16 or DataType.Int32 or DataType.Int64;

    /// <summary>The ONNX name of the type (FLOAT, INT64, BOOL, ...), as messages and exporters spell it.</summary>
    public static string OnnxName(this DataType type) => type switch
    {
        DataType.Float32 => "FLOAT",
        DataType.Float64 => "DOUBLE",
        DataType.Float16 => "FLOAT16",
        _ => type.ToString().ToUpperInvariant(),
    };

    /// <summary>Calls <paramref name="visitor"/> with the element type of a numeric <paramref name="type"/>; bool is an error.</summary>
    public static TResult VisitNumber<TVisitor, TResult>(this DataType type, ref TVisitor visitor)
        where TVisitor : struct, INumberVisitor<TResult> => type switch
        {
            DataType.Float32 => visitor.Visit<float>(),
            DataType.Int64 => visitor.Visit<long>(),
            DataType.Float64 => visitor.Visit<double>(),
            DataType.Float16 => visitor.Visit<Half>(),
            DataType.Int32 => visitor.Visit<int>(),
            DataType.Int16 => visitor.Visit<short>(),
            DataType.Int8 => visitor.Visit<sbyte>(),
            DataType.UInt8 => visitor.Visit<byte>(),
            DataType.UInt16 => visitor.Visit<ushort>(),
            DataType.UInt32 => visitor.Visit<uint>(),
            DataType.UInt64 => visitor.Visit<ulong>(),
            _ => throw new ArgumentException($"{type} is not a numeric type.", nameof(type)),
        };
}

/// <summary>Generic code run for one numeric element type chosen at run time (see <see cref="DataTypes.VisitNumber"/>).</summary>
/// <typeparam name="TResult">What the visit returns.</typeparam>
public interface INumberVisitor<out TResult>
{
    /// <summary>Runs with <typeparamref name="T"/> the element type.</summary>
    TResult Visit<T>()
        where T : unmanaged, INumber<T>;
}
