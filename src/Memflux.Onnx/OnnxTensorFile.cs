using Google.Protobuf;
using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>
/// Files holding one serialized ONNX TensorProto, as ONNX test-data folders store inputs and expected outputs
/// (<c>test_data_set_0/input_0.pb</c>, <c>output_0.pb</c>).
/// </summary>
public static class OnnxTensorFile
{
    /// <summary>Largest file accepted: protobuf messages cannot exceed 2 GiB.</summary>
    public const long MaxBytes = int.MaxValue;

    /// <summary>Reads the tensor in <paramref name="path"/>.</summary>
    public static Tensor Read(string path) => Read(path, out _);

    /// <summary>
    /// Reads the tensor in <paramref name="path"/> and its name (TensorProto.name, empty when the writer left it unset).
    /// The file's size bounds what is parsed, and the element count the dims declare is checked against the data before
    /// the tensor is allocated; a malformed file is a <see cref="MemfluxException"/> naming it.
    /// </summary>
    public static Tensor Read(string path, out string name)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new MemfluxException($"{path}: file not found; expected an ONNX TensorProto (.pb) file.");
        }

        TensorProto proto;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            if (stream.Length == 0)
            {
                throw new MemfluxException($"{path}: the file is empty; expected an ONNX TensorProto.");
            }

            if (stream.Length > MaxBytes)
            {
                throw new MemfluxException($"{path}: the file is {stream.Length} bytes; a TensorProto is at most {MaxBytes} bytes.");
            }

            proto = TensorProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MemfluxException($"{path}: not a valid ONNX TensorProto; the protobuf is malformed or truncated ({e.Message}).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MemfluxException($"{path}: cannot read the file ({e.Message}).", e);
        }

        name = proto.Name;
        if (proto.DataType == (int)TensorProto.Types.DataType.Undefined)
        {
            throw new MemfluxException($"{path}: the TensorProto has no data_type; expected a tensor of {OnnxTypes.Supported} (sequence, map and optional values are not tensors).");
        }

        return OnnxTensorReader.Read(proto, path);
    }

    /// <summary>Writes <paramref name="tensor"/> as a TensorProto named <paramref name="name"/> (raw_data, little-endian).</summary>
    public static void Write(string path, string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensor);
        SafeFile.WriteAllBytes(path, "the TensorProto", OnnxExporter.TensorProtoOf(name ?? "", tensor).ToByteArray());
    }
}
