using Google.Protobuf;
using Memflux.Numerics;
using Memflux.TestSupport;
using Onnx;

namespace Memflux.Onnx.Tests;

public sealed class OnnxTensorFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-pb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<DataType> Types() => [.. DataTypes.All];

    [Theory]
    [MemberData(nameof(Types))]
    public void Round_trips_every_type(DataType type)
    {
        var tensor = Tensor.Zeros(type, new TensorShape(2, 1, 3));
        var bytes = tensor.Bytes;
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = type == DataType.Bool ? (byte)(i % 2) : (byte)((i * 29) + 3);
        }

        string path = Path.Combine(_dir, "input_0.pb");
        OnnxTensorFile.Write(path, "x", tensor);
        var read = OnnxTensorFile.Read(path, out string name);

        Assert.Equal("x", name);
        Assert.Equal(type, read.Type);
        Assert.Equal(tensor.Shape, read.Shape);
        Assert.Equal(tensor.Bytes.ToArray(), read.Bytes.ToArray());
    }

    [Fact]
    public void Reads_typed_fields_scalars_and_unnamed_tensors()
    {
        string path = Write("typed.pb", OnnxModelBuilder.ToProto("", Tensor.From(new float[] { 1.5f, -2 }, new TensorShape(2))));
        var t = OnnxTensorFile.Read(path, out string name);
        Assert.Equal("", name);
        Assert.Equal([1.5f, -2], t.AsArray<float>());

        string scalar = Write("scalar.pb", OnnxModelBuilder.ToProto("s", Tensor.From(new long[] { 7 }, TensorShape.Scalar)));
        Assert.Equal(TensorShape.Scalar, OnnxTensorFile.Read(scalar).Shape);
    }

    [Fact]
    public void Data_shorter_than_the_dims_is_an_error_before_allocation()
    {
        var proto = new TensorProto { Name = "x", DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(new byte[8]) };
        proto.Dims.AddRange([65536, 65536]);
        string path = Write("short.pb", proto);
        var e = Assert.Throws<MemfluxException>(() => OnnxTensorFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("tensor 'x'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_data_of_the_wrong_length_names_the_file()
    {
        var proto = new TensorProto { Name = "x", DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.CopyFrom(new byte[12]) };
        proto.Dims.Add(2);
        string path = Write("len.pb", proto);
        var e = Assert.Throws<MemfluxException>(() => OnnxTensorFile.Read(path));
        Assert.Contains($"{path}: tensor 'x' holds 12 raw_data bytes; its shape needs 16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_garbage_and_truncated_files_are_errors_naming_the_file()
    {
        byte[] valid = OnnxModelBuilder.ToProto("x", Tensor.From(new float[] { 1, 2, 3 }, new TensorShape(3)), raw: true).ToByteArray();
        foreach (var (name, bytes) in new[]
        {
            ("empty.pb", Array.Empty<byte>()),
            ("garbage.pb", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }),
            ("truncated.pb", valid[..^5]),
            ("png.pb", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }),
        })
        {
            string path = Path.Combine(_dir, name);
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<MemfluxException>(() => OnnxTensorFile.Read(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Undefined_and_unsupported_types_are_named()
    {
        var undefined = new TensorProto { Name = "x" };
        undefined.Dims.Add(1);
        Assert.Contains("no data_type", Assert.Throws<MemfluxException>(() => OnnxTensorFile.Read(Write("u.pb", undefined))).Message, StringComparison.Ordinal);

        var strings = new TensorProto { Name = "s", DataType = (int)TensorProto.Types.DataType.String };
        strings.StringData.Add(ByteString.CopyFromUtf8("a"));
        strings.Dims.Add(1);
        var e = Assert.Throws<MemfluxException>(() => OnnxTensorFile.Read(Write("s.pb", strings)));
        Assert.Contains("STRING", e.Message, StringComparison.Ordinal);
        Assert.Contains(OnnxTypes.Supported, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void External_data_is_refused()
    {
        var proto = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, DataLocation = TensorProto.Types.DataLocation.External };
        proto.Dims.Add(4);
        proto.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "w.bin" });
        Assert.Contains("external", Assert.Throws<MemfluxException>(() => OnnxTensorFile.Read(Write("e.pb", proto))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        string path = Path.Combine(_dir, "none.pb");
        Assert.Contains(path, Assert.Throws<MemfluxException>(() => OnnxTensorFile.Read(path)).Message, StringComparison.Ordinal);
    }

    private string Write(string name, TensorProto proto)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, proto.ToByteArray());
        return path;
    }
}
