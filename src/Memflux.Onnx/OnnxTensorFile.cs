using Google.Protobuf;
using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>A serialized TensorProto file, as ONNX's test-data folders hold them (<c>input_0.pb</c>, <c>output_0.pb</c>).</summary>
public static class OnnxTensorFile
{
    /// <summary>Largest file read (a TensorProto with its data inline is limited to 2 GB by protobuf).</summary>
    public const long MaxBytes = int.MaxValue;

    /// <summary>Reads the tensor in <paramref name="path"/> and the name it carries (empty when it has none).</summary>
    public static (string Name, Tensor Tensor) Read(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxBytes)
            {
                throw new MemfluxException($"{path}: the file holds {info.Length} bytes; a TensorProto file holds at most {MaxBytes}.");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MemfluxException($"{path}: cannot read the file ({e.Message}).", e);
        }

        TensorProto proto;
        try
        {
            proto = TensorProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MemfluxException($"{path}: not a serialized ONNX TensorProto; the protobuf is malformed or truncated ({e.Message}).", e);
        }

        return (proto.Name, OnnxTensorReader.Read(proto, path));
    }
}
