using Google.Protobuf;
using Memflux.Graph;
using Memflux.Graph.Execution;
using Memflux.Numerics;
using Memflux.TestSupport;
using Onnx;

namespace Memflux.Onnx.Tests;

/// <summary>Small models and helpers shared by the importer tests.</summary>
internal static class ModelFixtures
{
    /// <summary>Builds the model, lets <paramref name="edit"/> change the proto, and serializes the result.</summary>
    public static byte[] Edit(OnnxModelBuilder builder, Action<ModelProto> edit)
    {
        builder.Build();
        edit(builder.Model);
        return builder.Model.ToByteArray();
    }

    /// <summary>x[2,3] → Relu → y, plus w[2,3] (raw_data) → Relu → z: a graph input path and a constant path.</summary>
    public static byte[] SmallValidModel() =>
        new OnnxModelBuilder(opset: 14)
            .Input("x", [2, 3])
            .Initializer("w", Tensor.FromFloat32([1, -2, 3, -4, 5, -6], new TensorShape(2, 3)), raw: true)
            .Node("Relu", ["x"], ["y"])
            .Node("Relu", ["w"], ["z"])
            .Output("y")
            .Output("z")
            .Build();

    /// <summary>Loads <paramref name="bytes"/> and expects a <see cref="MemfluxException"/>; returns its message.</summary>
    public static string LoadError(byte[] bytes, ImportOptions? options = null) =>
        Assert.Throws<MemfluxException>(() => OnnxImporter.Load(bytes, "model.onnx", options)).Message;

    /// <summary>Runs <paramref name="graph"/> on zero-filled inputs of its declared shapes.</summary>
    public static IReadOnlyDictionary<string, Tensor> RunOnZeros(ComputeGraph graph)
    {
        var inputs = graph.Inputs.ToDictionary(v => v.Name, v => Tensor.Zeros(v.Type, v.Shape!), StringComparer.Ordinal);
        return new ReferenceExecutor(graph).Run(inputs);
    }

    /// <summary>A TensorProto of int32 values, in int32_data or raw_data.</summary>
    public static TensorProto Int32Proto(string name, int[] values, long[] dims, bool raw)
    {
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int32 };
        proto.Dims.AddRange(dims);
        if (raw)
        {
            proto.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            proto.Int32Data.AddRange(values);
        }

        return proto;
    }
}
