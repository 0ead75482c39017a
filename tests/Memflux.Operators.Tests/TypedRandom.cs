using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>Seeded random tensors of any numeric element type (uniform floats or integers converted to the type).</summary>
internal static class TypedRandom
{
    /// <summary>
    /// Floating types: uniform in [<paramref name="low"/>, <paramref name="high"/>); integer types: uniform integers in
    /// the same range clipped to the type's range.
    /// </summary>
    public static Tensor Of(DataType type, int[] dims, int seed = 1, double low = -1, double high = 1)
    {
        if (type == DataType.Float32)
        {
            return RandomTensors.Uniform(seed, dims, (float)low, (float)high);
        }

        var rng = new Random(seed);
        var shape = new TensorShape(dims);
        var t = Tensor.Zeros(type, shape);
        for (int i = 0; i < shape.ElementCount; i++)
        {
            double v = low + ((high - low) * rng.NextDouble());
            switch (type)
            {
                case DataType.Float64: t.AsSpan<double>()[i] = v; break;
                case DataType.Float16: t.AsSpan<Half>()[i] = (Half)v; break;
                case DataType.Int32: t.AsSpan<int>()[i] = (int)Math.Floor(v); break;
                case DataType.Int64: t.AsSpan<long>()[i] = (long)Math.Floor(v); break;
                case DataType.Int8: t.AsSpan<sbyte>()[i] = (sbyte)Math.Clamp(Math.Floor(v), sbyte.MinValue, sbyte.MaxValue); break;
                case DataType.UInt8: t.AsSpan<byte>()[i] = (byte)Math.Clamp(Math.Floor(v), 0, byte.MaxValue); break;
                default: throw new ArgumentException($"TypedRandom does not make {type} tensors.", nameof(type));
            }
        }

        return t;
    }

    /// <summary>A float32 tensor from explicit values.</summary>
    public static Tensor Floats(int[] dims, params float[] values) => Tensor.FromFloat32(values, new TensorShape(dims));
}
