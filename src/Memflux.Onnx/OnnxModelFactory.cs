using Google.Protobuf;
using Onnx;

namespace Memflux.Onnx;

/// <summary>Builds small ONNX models in memory (for benchmarks and checks against ONNX Runtime).</summary>
public static class OnnxModelFactory
{
    /// <summary>IR version the factory writes (ONNX 1.13).</summary>
    public const long IrVersion = 8;

    /// <summary>Default-domain opset the factory writes.</summary>
    public const int Opset = 17;

    /// <summary>
    /// A one-node model <c>Y = MatMul(A, B)</c> with fp32 graph inputs A [m, k] and B [k, n] (both inputs, not
    /// initializers, so a runtime cannot pre-pack B) and output Y [m, n].
    /// </summary>
    public static byte[] MatMul(int m, int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var graph = new GraphProto { Name = $"matmul_{m}x{k}x{n}" };
        graph.Input.Add(FloatValue("A", m, k));
        graph.Input.Add(FloatValue("B", k, n));
        graph.Output.Add(FloatValue("Y", m, n));
        graph.Node.Add(new NodeProto { OpType = "MatMul", Name = "matmul", Input = { "A", "B" }, Output = { "Y" } });
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "memflux",
            OpsetImport = { new OperatorSetIdProto { Domain = "", Version = Opset } },
            Graph = graph,
        };
        return model.ToByteArray();
    }

    private static ValueInfoProto FloatValue(string name, params int[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
