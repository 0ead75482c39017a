using Memflux.Numerics;

namespace Memflux.Operators.Tests;

/// <summary>Seeded random tensors of any element type, and the type lists the operator tests run over.</summary>
internal static partial class TypedTensors
{
    /// <summary>The element types every type-agnostic operator is tested with.</summary>
    public static TheoryData<DataType> AllTypes => new()
    {
        DataType.Float32, DataType.Int64, DataType.Int32, DataType.Bool, DataType.Float64, DataType.UInt8,
        DataType.Int8, DataType.Int16, DataType.UInt16, DataType.UInt32, DataType.UInt64, DataType.Float16,
    };

    /// <summary>The common types of data-movement tests: fp32, int64, int32, bool, fp64, uint8.</summary>
    public static TheoryData<DataType> CommonTypes => new()
    {
        DataType.Float32, DataType.Int64, DataType.Int32, DataType.Bool, DataType.Float64, DataType.UInt8,
    };

    /// <summary>
    /// Uniform values: fp in [−10, 10) (fp64 at full precision), signed integers in [−100, 100), unsigned in [0, 200),
    /// bool true or false.
    /// </summary>
    public static Tensor Random(DataType type, int seed, int[] dims)
    {
        var rng = new Random(seed);
        var shape = new TensorShape(dims);
        var t = Tensor.Zeros(type, shape);
        for (int i = 0; i < t.Length; i++)
        {
            double u = rng.NextDouble();
            long n = rng.NextInt64(-100, 100);
            switch (type)
            {
                case DataType.Float32: t.AsSpan<float>()[i] = (float)((u * 20) - 10); break;
                case DataType.Float64: t.AsSpan<double>()[i] = (u * 20) - 10; break;
                case DataType.Float16: t.AsSpan<Half>()[i] = (Half)((u * 20) - 10); break;
                case DataType.Int64: t.AsSpan<long>()[i] = n; break;
                case DataType.Int32: t.AsSpan<int>()[i] = (int)n; break;
                case DataType.Int16: t.AsSpan<short>()[i] = (short)n; break;
                case DataType.Int8: t.AsSpan<sbyte>()[i] = (sbyte)n; break;
                case DataType.UInt8: t.AsSpan<byte>()[i] = (byte)(n + 100); break;
                case DataType.UInt16: t.AsSpan<ushort>()[i] = (ushort)(n + 100); break;
                case DataType.UInt32: t.AsSpan<uint>()[i] = (uint)(n + 100); break;
                case DataType.UInt64: t.AsSpan<ulong>()[i] = (ulong)(n + 100); break;
                default: t.AsSpan<bool>()[i] = n >= 0; break;
            }
        }

        return t;
    }

    /// <summary>A one-element tensor of <paramref name="type"/> holding <paramref name="value"/> (bool: nonzero).</summary>
    public static Tensor Scalar(DataType type, double value, int[]? dims = null)
    {
        var t = Tensor.Zeros(type, new TensorShape(dims ?? []));
        switch (type)
        {
            case DataType.Float32: t.AsSpan<float>()[0] = (float)value; break;
            case DataType.Float64: t.AsSpan<double>()[0] = value; break;
            case DataType.Float16: t.AsSpan<Half>()[0] = (Half)value; break;
            case DataType.Int64: t.AsSpan<long>()[0] = (long)value; break;
            case DataType.Int32: t.AsSpan<int>()[0] = (int)value; break;
            case DataType.Int16: t.AsSpan<short>()[0] = (short)value; break;
            case DataType.Int8: t.AsSpan<sbyte>()[0] = (sbyte)value; break;
            case DataType.UInt8: t.AsSpan<byte>()[0] = (byte)value; break;
            case DataType.UInt16: t.AsSpan<ushort>()[0] = (ushort)value; break;
            case DataType.UInt32: t.AsSpan<uint>()[0] = (uint)value; break;
            case DataType.UInt64: t.AsSpan<ulong>()[0] = (ulong)value; break;
            default: t.AsSpan<bool>()[0] = value != 0; break;
        }

        return t;
    }
}
