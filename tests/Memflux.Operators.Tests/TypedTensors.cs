using Memflux.Numerics;

namespace Memflux.Operators.Tests;

/// <summary>Seeded and literal test tensors of any element type, and the tolerance each type's results are held to.</summary>
internal static partial class TypedTensors
{
    public static readonly DataType[] FloatTypes = [DataType.Float32, DataType.Float64, DataType.Float16];

    public static readonly DataType[] IntegerTypes =
        [DataType.Int8, DataType.Int16, DataType.Int32, DataType.Int64, DataType.UInt8, DataType.UInt16, DataType.UInt32, DataType.UInt64];

    public static readonly DataType[] NumericTypes = [.. FloatTypes, .. IntegerTypes];

    /// <summary>fp32 transcendental results: within 1e-6 relative (plus 1e-6 absolute near 0) of ONNX Runtime's.</summary>
    public const float Float32Tolerance = 1e-6f;

    /// <summary>fp64 results: within 1e-12 relative (different libm and SIMD polynomial implementations agree to a few ulp).</summary>
    public const float Float64Tolerance = 1e-12f;

    /// <summary>fp16 results: one fp16 ulp (2⁻¹⁰ relative); both sides compute in fp32 and round once, so they differ only at a rounding boundary.</summary>
    public const float Float16Tolerance = 1e-3f;

    /// <summary>The tolerance for results of <paramref name="type"/>: 0 (exact) for integers and bool.</summary>
    public static float Tolerance(DataType type) => type switch
    {
        DataType.Float32 => Float32Tolerance,
        DataType.Float64 => Float64Tolerance,
        DataType.Float16 => Float16Tolerance,
        _ => 0f,
    };

    /// <summary>Uniform values in [low, high): floats as they are, integers rounded down and kept inside the type's range.</summary>
    public static Tensor Uniform(DataType type, int seed, int[] dims, double low = -1, double high = 1)
    {
        var rng = new Random(seed);
        var shape = new TensorShape(dims);
        var values = new double[shape.ElementCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = low + ((high - low) * rng.NextDouble());
        }

        return Of(type, dims, values);
    }

    /// <summary>Random bools.</summary>
    public static Tensor Bools(int seed, int[] dims)
    {
        var rng = new Random(seed);
        var shape = new TensorShape(dims);
        var values = new bool[shape.ElementCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.Next(2) == 1;
        }

        return Tensor.From(values, shape);
    }

    /// <summary>A rank-1 tensor of <paramref name="values"/>.</summary>
    public static Tensor Vector(DataType type, params double[] values) => Of(type, [values.Length], values);

    /// <summary>
    /// <paramref name="values"/> in <paramref name="type"/>: floats rounded to nearest, integers rounded down and
    /// clamped to the type's range (so special float values only make sense for float types).
    /// </summary>
    public static Tensor Of(DataType type, int[] dims, double[] values)
    {
        var shape = new TensorShape(dims);
        return type switch
        {
            DataType.Float32 => Tensor.From(values.Select(v => (float)v).ToArray(), shape),
            DataType.Float64 => Tensor.From(values.ToArray(), shape),
            DataType.Float16 => Tensor.From(values.Select(v => (Half)v).ToArray(), shape),
            DataType.Int8 => Tensor.From(values.Select(v => (sbyte)Math.Clamp(Math.Floor(v), sbyte.MinValue, sbyte.MaxValue)).ToArray(), shape),
            DataType.Int16 => Tensor.From(values.Select(v => (short)Math.Clamp(Math.Floor(v), short.MinValue, short.MaxValue)).ToArray(), shape),
            DataType.Int32 => Tensor.From(values.Select(v => (int)Math.Clamp(Math.Floor(v), int.MinValue, int.MaxValue)).ToArray(), shape),
            DataType.Int64 => Tensor.From(values.Select(v => (long)Math.Clamp(Math.Floor(v), long.MinValue, long.MaxValue)).ToArray(), shape),
            DataType.UInt8 => Tensor.From(values.Select(v => (byte)Math.Clamp(Math.Floor(v), byte.MinValue, byte.MaxValue)).ToArray(), shape),
            DataType.UInt16 => Tensor.From(values.Select(v => (ushort)Math.Clamp(Math.Floor(v), ushort.MinValue, ushort.MaxValue)).ToArray(), shape),
            DataType.UInt32 => Tensor.From(values.Select(v => (uint)Math.Clamp(Math.Floor(v), uint.MinValue, uint.MaxValue)).ToArray(), shape),
            DataType.UInt64 => Tensor.From(values.Select(v => (ulong)Math.Clamp(Math.Floor(v), ulong.MinValue, ulong.MaxValue)).ToArray(), shape),
            DataType.Bool => Tensor.From(values.Select(v => v != 0).ToArray(), shape),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
    }
}
