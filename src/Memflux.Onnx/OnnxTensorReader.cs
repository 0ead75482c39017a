using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>Reads ONNX TensorProto data (typed fields or little-endian raw_data) into a <see cref="Tensor"/>.</summary>
internal static class OnnxTensorReader
{
    public static DataType MapType(TensorProto.Types.DataType type, string what, string source) => type switch
    {
        TensorProto.Types.DataType.Float => DataType.Float32,
        TensorProto.Types.DataType.Int64 => DataType.Int64,
        TensorProto.Types.DataType.Int32 => DataType.Int64,
        _ => throw new MemfluxException($"{source}: {what} has element type {type}; supported: FLOAT, INT64, INT32 (read as INT64)."),
    };

    public static Tensor Read(TensorProto t, string source)
    {
        string what = $"tensor '{t.Name}'";
        if (t.DataLocation == TensorProto.Types.DataLocation.External || t.ExternalData.Count > 0)
        {
            throw new MemfluxException($"{source}: {what} keeps its data in an external file; external-data tensors are not supported (save the model with all tensors inside the .onnx file).");
        }

        if (t.Segment is not null)
        {
            throw new MemfluxException($"{source}: {what} is segmented; segmented tensors are not supported.");
        }

        var dims = new int[t.Dims.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            if (t.Dims[i] < 0 || t.Dims[i] > int.MaxValue)
            {
                throw new MemfluxException($"{source}: {what} dimension {i} is {t.Dims[i]}; expected 0 to {int.MaxValue}.");
            }

            dims[i] = (int)t.Dims[i];
        }

        TensorShape shape;
        try
        {
            shape = new TensorShape(dims);
        }
        catch (MemfluxException e)
        {
            throw new MemfluxException($"{source}: {what}: {e.Message}", e);
        }

        var elemType = (TensorProto.Types.DataType)t.DataType;
        int count = shape.ElementCount;
        var raw = t.RawData.Span;
        if (elemType == TensorProto.Types.DataType.Bool)
        {
            return ReadBool(t, shape, raw, what, source);
        }

        var type = MapType(elemType, what, source);
        bool int32 = elemType == TensorProto.Types.DataType.Int32;

        // Lengths are checked before anything is allocated: a corrupt file may declare a huge shape.
        if (!raw.IsEmpty)
        {
            int width = type == DataType.Float32 ? sizeof(float) : int32 ? sizeof(int) : sizeof(long);
            CheckLength(raw.Length, (long)count * width, what, source, "raw_data bytes");
        }
        else if (type == DataType.Float32)
        {
            CheckLength(t.FloatData.Count, count, what, source, "float_data values");
        }
        else
        {
            CheckLength(int32 ? t.Int32Data.Count : t.Int64Data.Count, count, what, source, int32 ? "int32_data values" : "int64_data values");
        }

        if (type == DataType.Float32)
        {
            var data = new float[count];
            if (!raw.IsEmpty)
            {
                if (!BitConverter.IsLittleEndian)
                {
                    throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
                }

                MemoryMarshal.Cast<byte, float>(raw).CopyTo(data);
            }
            else
            {
                t.FloatData.CopyTo(data, 0);
            }

            return Tensor.FromFloat32(data, shape);
        }

        var longs = new long[count];
        if (!raw.IsEmpty)
        {
            for (int i = 0; i < count; i++)
            {
                longs[i] = int32 ? BinaryPrimitives.ReadInt32LittleEndian(raw[(i * 4)..]) : BinaryPrimitives.ReadInt64LittleEndian(raw[(i * 8)..]);
            }
        }
        else if (int32)
        {
            for (int i = 0; i < count; i++)
            {
                longs[i] = t.Int32Data[i];
            }
        }
        else
        {
            t.Int64Data.CopyTo(longs, 0);
        }

        return Tensor.FromInt64(longs, shape);
    }

    /// <summary>Constant bool tensors (e.g. Dropout's training_mode) are widened to int64 0/1, like int32.</summary>
    private static Tensor ReadBool(TensorProto t, TensorShape shape, ReadOnlySpan<byte> raw, string what, string source)
    {
        int count = shape.ElementCount;
        CheckLength(raw.IsEmpty ? t.Int32Data.Count : raw.Length, count, what, source, raw.IsEmpty ? "int32_data values" : "raw_data bytes");
        var longs = new long[count];
        for (int i = 0; i < count; i++)
        {
            longs[i] = (raw.IsEmpty ? t.Int32Data[i] : raw[i]) != 0 ? 1 : 0;
        }

        return Tensor.FromInt64(longs, shape);
    }

    private static void CheckLength(int found, long expected, string what, string source, string unit)
    {
        if (found != expected)
        {
            throw new MemfluxException($"{source}: {what} holds {found} {unit}; its shape needs {expected}.");
        }
    }
}
