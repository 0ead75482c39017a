namespace Memflux.Numerics;

/// <summary>A dense row-major tensor of fp32 or int64 elements.</summary>
public sealed class Tensor
{
    private readonly float[]? _float32;
    private readonly long[]? _int64;

    private Tensor(TensorShape shape, float[]? float32, long[]? int64)
    {
        Shape = shape;
        _float32 = float32;
        _int64 = int64;
        Type = float32 is not null ? DataType.Float32 : DataType.Int64;
        int length = float32?.Length ?? int64!.Length;
        if (length != shape.ElementCount)
        {
            throw new ArgumentException($"Data length {length} does not match shape {shape} ({shape.ElementCount} elements).");
        }
    }

    /// <summary>The element type.</summary>
    public DataType Type { get; }

    /// <summary>The shape.</summary>
    public TensorShape Shape { get; }

    /// <summary>Number of elements.</summary>
    public int Length => Shape.ElementCount;

    /// <summary>The fp32 elements; throws when the tensor is int64.</summary>
    public Span<float> Float32 => _float32 ?? throw new InvalidOperationException($"Tensor {Shape} holds {Type}, not Float32.");

    /// <summary>The int64 elements; throws when the tensor is fp32.</summary>
    public Span<long> Int64 => _int64 ?? throw new InvalidOperationException($"Tensor {Shape} holds {Type}, not Int64.");

    /// <summary>The backing fp32 array (no copy); throws when the tensor is int64.</summary>
    public float[] Float32Array => _float32 ?? throw new InvalidOperationException($"Tensor {Shape} holds {Type}, not Float32.");

    /// <summary>Wraps <paramref name="data"/> (no copy) as an fp32 tensor.</summary>
    public static Tensor FromFloat32(float[] data, TensorShape shape) => new(shape, data, null);

    /// <summary>Wraps <paramref name="data"/> (no copy) as an int64 tensor.</summary>
    public static Tensor FromInt64(long[] data, TensorShape shape) => new(shape, null, data);

    /// <summary>A zero-filled tensor.</summary>
    public static Tensor Zeros(DataType type, TensorShape shape) => type switch
    {
        DataType.Float32 => new(shape, new float[shape.ElementCount], null),
        DataType.Int64 => new(shape, null, new long[shape.ElementCount]),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>
    /// A tensor whose elements are unspecified: for kernels that write every element (convolution, pooling), so large
    /// outputs skip the runtime's zeroing. An fp32 tensor takes a recycled buffer from the thread's active
    /// <see cref="BufferPool"/> when it has one of that length.
    /// </summary>
    public static Tensor Uninitialized(DataType type, TensorShape shape) => type switch
    {
        DataType.Float32 => new(shape, BufferPool.TryRent(shape.ElementCount) ?? GC.AllocateUninitializedArray<float>(shape.ElementCount), null),
        DataType.Int64 => new(shape, null, GC.AllocateUninitializedArray<long>(shape.ElementCount)),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>A scalar fp32 tensor.</summary>
    public static Tensor Scalar(float value) => new(TensorShape.Scalar, [value], null);

    /// <summary>A rank-1 int64 tensor.</summary>
    public static Tensor Vector(params long[] values) => new(new TensorShape(values.Length), null, values);

    /// <summary>The same data seen with another shape of equal element count (no copy).</summary>
    public Tensor Reshape(TensorShape shape) => new(shape, _float32, _int64);

    /// <summary>A deep copy.</summary>
    public Tensor Clone() => new(Shape, (float[]?)_float32?.Clone(), (long[]?)_int64?.Clone());

    /// <summary>Elements as fp64 whatever the type (for reports and comparisons).</summary>
    public double GetAsDouble(int index) => _float32 is not null ? _float32[index] : _int64![index];

    /// <inheritdoc />
    public override string ToString() => $"Tensor<{Type}>{Shape}";
}
