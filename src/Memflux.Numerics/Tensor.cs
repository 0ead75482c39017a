using System.Runtime.InteropServices;

namespace Memflux.Numerics;

/// <summary>A dense row-major tensor of one <see cref="DataType"/>, backed by a .NET array of that element type.</summary>
public sealed class Tensor
{
    private readonly Array _data;

    private Tensor(TensorShape shape, Array data, DataType type)
    {
        Shape = shape;
        _data = data;
        Type = type;
        if (data.Length != shape.ElementCount)
        {
            throw new ArgumentException($"Data length {data.Length} does not match shape {shape} ({shape.ElementCount} elements).");
        }
    }

    /// <summary>The element type.</summary>
    public DataType Type { get; }

    /// <summary>The shape.</summary>
    public TensorShape Shape { get; }

    /// <summary>Number of elements.</summary>
    public int Length => Shape.ElementCount;

    /// <summary>The fp32 elements; throws when the tensor holds another type.</summary>
    public Span<float> Float32 => Float32Array;

    /// <summary>The int64 elements; throws when the tensor holds another type.</summary>
    public Span<long> Int64 => AsArray<long>();

    /// <summary>The backing fp32 array (no copy); throws when the tensor holds another type.</summary>
    public float[] Float32Array => AsArray<float>();

    /// <summary>The elements as <typeparamref name="T"/>, which must be this tensor's element type.</summary>
    public Span<T> AsSpan<T>()
        where T : unmanaged => AsArray<T>();

    /// <summary>The backing array (no copy); <typeparamref name="T"/> must be this tensor's element type.</summary>
    /// <remarks>
    /// The check is on the exact array type: the runtime lets a byte[] pass as sbyte[] (and uint[] as int[], ...), so
    /// a cast or type pattern alone would read an unsigned tensor as signed.
    /// </remarks>
    public T[] AsArray<T>() =>
        _data.GetType() == typeof(T[]) ? (T[])_data : throw new InvalidOperationException($"Tensor {Shape} holds {Type}, not {DataTypes.Of<T>()}.");

    /// <summary>The elements' bits as <typeparamref name="TBits"/>, which must have the element size (for data movement).</summary>
    public Span<TBits> Bits<TBits>()
        where TBits : unmanaged
    {
        var bytes = Bytes;
        if (System.Runtime.CompilerServices.Unsafe.SizeOf<TBits>() != Type.Size())
        {
            throw new InvalidOperationException($"Tensor {Shape} holds {Type} ({Type.Size()} bytes per element), not {typeof(TBits)}.");
        }

        return MemoryMarshal.Cast<byte, TBits>(bytes);
    }

    /// <summary>The elements' bytes, little-endian as on the host.</summary>
    public Span<byte> Bytes => MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(_data), Length * Type.Size());

    /// <summary>Wraps <paramref name="data"/> (no copy) as an fp32 tensor.</summary>
    public static Tensor FromFloat32(float[] data, TensorShape shape) => new(shape, data, DataType.Float32);

    /// <summary>Wraps <paramref name="data"/> (no copy) as an int64 tensor.</summary>
    public static Tensor FromInt64(long[] data, TensorShape shape) => new(shape, data, DataType.Int64);

    /// <summary>Wraps <paramref name="data"/> (no copy); the element type follows <typeparamref name="T"/>.</summary>
    public static Tensor From<T>(T[] data, TensorShape shape)
        where T : unmanaged => new(shape, data, DataTypes.Of<T>());

    /// <summary>A zero-filled (false for bool) tensor.</summary>
    public static Tensor Zeros(DataType type, TensorShape shape) => new(shape, Array.CreateInstance(type.ClrType(), shape.ElementCount), type);

    /// <summary>
    /// A tensor whose elements are unspecified: for kernels that write every element (convolution, pooling), so large
    /// outputs skip the runtime's zeroing. An fp32 tensor takes a recycled buffer from the thread's active
    /// <see cref="BufferPool"/> when it has one of that length.
    /// </summary>
    public static Tensor Uninitialized(DataType type, TensorShape shape) => type switch
    {
        DataType.Float32 => new(shape, BufferPool.TryRent(shape.ElementCount) ?? GC.AllocateUninitializedArray<float>(shape.ElementCount), type),
        DataType.Int64 => new(shape, GC.AllocateUninitializedArray<long>(shape.ElementCount), type),
        _ => Zeros(type, shape),
    };

    /// <summary>A scalar fp32 tensor.</summary>
    public static Tensor Scalar(float value) => new(TensorShape.Scalar, new[] { value }, DataType.Float32);

    /// <summary>A rank-1 int64 tensor.</summary>
    public static Tensor Vector(params long[] values) => new(new TensorShape(values.Length), values, DataType.Int64);

    /// <summary>The same data seen with another shape of equal element count (no copy).</summary>
    public Tensor Reshape(TensorShape shape) => new(shape, _data, Type);

    /// <summary>A deep copy.</summary>
    public Tensor Clone() => new(Shape, (Array)_data.Clone(), Type);

    /// <summary>Element <paramref name="index"/> as fp64 whatever the type (for reports and comparisons; bool as 0/1).</summary>
    public double GetAsDouble(int index) => Type switch
    {
        DataType.Float32 => AsArray<float>()[index],
        DataType.Int64 => AsArray<long>()[index],
        DataType.Float64 => AsArray<double>()[index],
        DataType.Float16 => (double)AsArray<Half>()[index],
        DataType.Int32 => AsArray<int>()[index],
        DataType.Int16 => AsArray<short>()[index],
        DataType.Int8 => AsArray<sbyte>()[index],
        DataType.UInt8 => AsArray<byte>()[index],
        DataType.UInt16 => AsArray<ushort>()[index],
        DataType.UInt32 => AsArray<uint>()[index],
        DataType.UInt64 => AsArray<ulong>()[index],
        DataType.Bool => AsArray<bool>()[index] ? 1 : 0,
        _ => throw new InvalidOperationException($"Unexpected element type {Type}."),
    };

    /// <summary>Element <paramref name="index"/> of an integer or bool tensor as int64 (uint64 above 2⁶³−1 wraps).</summary>
    public long GetAsInt64(int index) => Type switch
    {
        DataType.Int64 => AsArray<long>()[index],
        DataType.Int32 => AsArray<int>()[index],
        DataType.Int16 => AsArray<short>()[index],
        DataType.Int8 => AsArray<sbyte>()[index],
        DataType.UInt8 => AsArray<byte>()[index],
        DataType.UInt16 => AsArray<ushort>()[index],
        DataType.UInt32 => AsArray<uint>()[index],
        DataType.UInt64 => unchecked((long)AsArray<ulong>()[index]),
        DataType.Bool => AsArray<bool>()[index] ? 1 : 0,
        _ => throw new InvalidOperationException($"Tensor {Shape} holds {Type}, not an integer type."),
    };

    /// <inheritdoc />
    public override string ToString() => $"Tensor<{Type}>{Shape}";
}
