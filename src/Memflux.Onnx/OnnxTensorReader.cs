using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>Reads ONNX TensorProto data (typed fields or little-endian raw_data) into a <see cref="Tensor"/>.</summary>
/// <remarks>
/// The typed fields hold the narrow types widened: int32_data carries INT8, INT16, INT32, UINT8, UINT16, BOOL and the
/// FLOAT16 bits; int64_data INT64; uint64_data UINT32 and UINT64; double_data DOUBLE; float_data FLOAT.
/// </remarks>
internal static class OnnxTensorReader
{
    public static DataType MapType(TensorProto.Types.DataType type, string what, string source) => OnnxTypes.Map(type, what, source);

    /// <summary>
    /// Reads <paramref name="t"/> with its raw_data in memory (attribute tensors, test-data files); a tensor with
    /// external data is read through <paramref name="external"/>, and is an error without it.
    /// </summary>
    public static Tensor Read(TensorProto t, string source, ExternalDataFiles? external = null) =>
        Read(t, t.RawData.IsEmpty ? null : new TensorBytes(ModelBytes.Of(t.RawData.Memory), 0, t.RawData.Length), external, source);

    /// <summary>Reads an initializer found by <see cref="OnnxModelScanner"/>: raw_data from <paramref name="model"/>, external data through <paramref name="external"/>.</summary>
    public static Tensor Read(ScannedTensor t, ModelBytes model, ExternalDataFiles external, string source) =>
        Read(t.Header, t.RawLength == 0 ? null : new TensorBytes(model, t.RawOffset, t.RawLength), external, source);

    /// <summary>Reads the elements from <paramref name="raw"/>, from external data, or else from the typed fields.</summary>
    private static Tensor Read(TensorProto t, TensorBytes? raw, ExternalDataFiles? external, string source)
    {
        string what = $"tensor '{t.Name}'";
        if (ExternalDataFiles.IsExternal(t) && external is null)
        {
            throw new MemfluxException($"{source}: {what} keeps its data in an external file; external-data tensors are not supported here (save the model with all tensors inside the .onnx file).");
        }

        if (t.Segment is not null)
        {
            throw new MemfluxException($"{source}: {what} is segmented; segmented tensors are not supported.");
        }

        var shape = ReadShape(t, what, source);
        var type = MapType((TensorProto.Types.DataType)t.DataType, what, source);
        long expected = (long)shape.ElementCount * type.Size();
        if (ExternalDataFiles.IsExternal(t))
        {
            if (raw is not null)
            {
                throw new MemfluxException($"{source}: {what} has both raw_data and external data; expected one of them.");
            }

            raw = external!.Locate(t, expected, what);
        }

        return raw is { } r
            ? ReadRaw(r, type, shape, expected, what, source)
            : Read(t, type, shape, ReadOnlySpan<byte>.Empty, what, source);
    }

    /// <summary>Reads a tensor's little-endian bytes into a new tensor, checking the length before allocating.</summary>
    private static Tensor ReadRaw(TensorBytes raw, DataType type, TensorShape shape, long expected, string what, string source)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
        }

        // A corrupt file may declare a huge shape: lengths are checked before anything is allocated.
        if (raw.Length != expected)
        {
            throw new MemfluxException($"{source}: {what} holds {raw.Length} raw_data bytes; its shape needs {expected}.");
        }

        if (expected > Array.MaxLength)
        {
            throw new MemfluxException($"{source}: {what} has {expected} bytes; Memflux holds a tensor in one array of at most {Array.MaxLength} bytes.");
        }

        var tensor = Tensor.Zeros(type, shape);
        PagePrefault.Populate(tensor.Bytes);
        try
        {
            raw.Bytes.Read(raw.Offset, tensor.Bytes);
        }
        catch (IOException e)
        {
            throw new MemfluxException($"{source}: {what}: cannot read its {expected} bytes from {raw.Bytes.Path ?? "the model"} ({e.Message}).", e);
        }

        NormalizeBools(tensor);
        return tensor;
    }

    private static void NormalizeBools(Tensor tensor)
    {
        if (tensor.Type == DataType.Bool)
        {
            foreach (ref byte b in tensor.Bytes)
            {
                b = b != 0 ? (byte)1 : (byte)0; // a bool is 0 or 1, whatever byte the writer used
            }
        }
    }

    /// <summary>The tensor's shape, each dimension checked.</summary>
    public static TensorShape ReadShape(TensorProto t, string what, string source)
    {
        var dims = new int[t.Dims.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            if (t.Dims[i] < 0 || t.Dims[i] > int.MaxValue)
            {
                throw new MemfluxException($"{source}: {what} dimension {i} is {t.Dims[i]}; expected 0 to {int.MaxValue}.");
            }

            dims[i] = (int)t.Dims[i];
        }

        try
        {
            return new TensorShape(dims);
        }
        catch (MemfluxException e)
        {
            throw new MemfluxException($"{source}: {what}: {e.Message}", e);
        }
    }

    /// <summary>Reads the elements from <paramref name="raw"/> when it is not empty, else from the typed field.</summary>
    public static Tensor Read(TensorProto t, DataType type, TensorShape shape, ReadOnlySpan<byte> raw, string what, string source)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
        }

        int count = shape.ElementCount;

        // Lengths are checked before anything is allocated: a corrupt file may declare a huge shape.
        if (!raw.IsEmpty)
        {
            CheckLength(raw.Length, (long)count * type.Size(), what, source, "raw_data bytes");
            var tensor = Tensor.Zeros(type, shape);
            raw.CopyTo(tensor.Bytes);
            NormalizeBools(tensor);
            return tensor;
        }

        var y = Tensor.Zeros(type, shape);
        switch (type)
        {
            case DataType.Float32:
                CheckLength(t.FloatData.Count, count, what, source, "float_data values");
                t.FloatData.CopyTo(y.Float32Array, 0);
                break;
            case DataType.Float64:
                CheckLength(t.DoubleData.Count, count, what, source, "double_data values");
                t.DoubleData.CopyTo(y.AsArray<double>(), 0);
                break;
            case DataType.Int64:
                CheckLength(t.Int64Data.Count, count, what, source, "int64_data values");
                t.Int64Data.CopyTo(y.AsArray<long>(), 0);
                break;
            case DataType.UInt32 or DataType.UInt64:
                CheckLength(t.Uint64Data.Count, count, what, source, "uint64_data values");
                Widened(y, count, i => (long)t.Uint64Data[i]);
                break;
            default:
                CheckLength(t.Int32Data.Count, count, what, source, "int32_data values");
                Widened(y, count, i => t.Int32Data[i]);
                break;
        }

        return y;
    }

    /// <summary>Narrows the widened typed-field values into <paramref name="y"/>'s element type (FLOAT16 as its bits).</summary>
    private static void Widened(Tensor y, int count, Func<int, long> value)
    {
        for (int i = 0; i < count; i++)
        {
            long v = value(i);
            switch (y.Type)
            {
                case DataType.Int32: y.AsSpan<int>()[i] = (int)v; break;
                case DataType.Int16: y.AsSpan<short>()[i] = (short)v; break;
                case DataType.Int8: y.AsSpan<sbyte>()[i] = (sbyte)v; break;
                case DataType.UInt8: y.AsSpan<byte>()[i] = (byte)v; break;
                case DataType.UInt16: y.AsSpan<ushort>()[i] = (ushort)v; break;
                case DataType.UInt32: y.AsSpan<uint>()[i] = (uint)v; break;
                case DataType.UInt64: y.AsSpan<ulong>()[i] = unchecked((ulong)v); break;
                case DataType.Bool: y.AsSpan<bool>()[i] = v != 0; break;
                case DataType.Float16: y.Bits<ushort>()[i] = (ushort)v; break;
                default: throw new InvalidOperationException($"{y.Type} has no widened typed field.");
            }
        }
    }

    private static void CheckLength(int found, long expected, string what, string source, string unit)
    {
        if (found != expected)
        {
            throw new MemfluxException($"{source}: {what} holds {found} {unit}; its shape needs {expected}.");
        }
    }
}
