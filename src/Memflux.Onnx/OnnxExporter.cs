using Google.Protobuf;
using Memflux.Graph;
using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>Writes a <see cref="ComputeGraph"/> as an ONNX model (constants as raw_data initializers).</summary>
public static class OnnxExporter
{
    /// <summary>IR version written (ONNX 1.13+, read by ONNX Runtime 1.14 and later).</summary>
    public const long IrVersion = 8;

    /// <summary>Serializes <paramref name="graph"/>; nodes keep their op types, names and attributes.</summary>
    public static byte[] ToBytes(ComputeGraph graph, string producer = "memflux") => ToBytes(graph, producer, batchDimension: null);

    /// <summary>
    /// Serializes <paramref name="graph"/>; when <paramref name="batchDimension"/> is set, the first dimension of
    /// every graph input and output is written as that symbolic name instead of its static size.
    /// </summary>
    public static byte[] ToBytes(ComputeGraph graph, string producer, string? batchDimension)
    {
        var g = new GraphProto { Name = graph.Name };
        foreach (var input in graph.Inputs)
        {
            g.Input.Add(ValueInfo(input, batchDimension));
        }

        foreach (var output in graph.Outputs)
        {
            g.Output.Add(ValueInfo(output, batchDimension));
        }

        var written = new HashSet<Value>();
        foreach (var node in graph.Nodes)
        {
            var proto = new NodeProto { OpType = node.OpType, Name = node.Name, Domain = node.Domain };
            foreach (var v in node.Inputs)
            {
                proto.Input.Add(v?.Name ?? "");
                if (v?.Constant is not null && written.Add(v))
                {
                    g.Initializer.Add(TensorProtoOf(v.Name, v.Constant));
                }
            }

            proto.Output.AddRange(node.Outputs.Select(o => o.Name));
            foreach (var (name, value) in node.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                proto.Attribute.Add(AttributeOf(name, value));
            }

            g.Node.Add(proto);
        }

        foreach (var output in graph.Outputs.Where(o => o.Constant is not null && written.Add(o)))
        {
            g.Initializer.Add(TensorProtoOf(output.Name, output.Constant!));
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = producer,
            Graph = g,
            OpsetImport = { new OperatorSetIdProto { Domain = "", Version = graph.Opset } },
        };
        return model.ToByteArray();
    }

    /// <summary>Writes <paramref name="graph"/> to <paramref name="path"/>.</summary>
    public static void Save(ComputeGraph graph, string path) => File.WriteAllBytes(path, ToBytes(graph));

    /// <summary>A TensorProto holding <paramref name="tensor"/> in raw_data (little-endian).</summary>
    public static TensorProto TensorProtoOf(string name, Tensor tensor)
    {
        var proto = new TensorProto
        {
            Name = name,
            DataType = (int)OnnxTypes.ToOnnx(tensor.Type),
        };
        foreach (int d in tensor.Shape.Dimensions)
        {
            proto.Dims.Add(d);
        }

        proto.RawData = ByteString.CopyFrom(tensor.Bytes);
        return proto;
    }

    private static ValueInfoProto ValueInfo(Value v, string? batchDimension)
    {
        var type = new TypeProto.Types.Tensor
        {
            ElemType = (int)OnnxTypes.ToOnnx(v.Type),
        };
        if (v.Shape is not null)
        {
            type.Shape = new TensorShapeProto();
            for (int i = 0; i < v.Shape.Rank; i++)
            {
                type.Shape.Dim.Add(i == 0 && batchDimension is not null
                    ? new TensorShapeProto.Types.Dimension { DimParam = batchDimension }
                    : new TensorShapeProto.Types.Dimension { DimValue = v.Shape[i] });
            }
        }

        return new ValueInfoProto { Name = v.Name, Type = new TypeProto { TensorType = type } };
    }

    private static AttributeProto AttributeOf(string name, AttributeValue value)
    {
        var a = new AttributeProto { Name = name };
        switch (value.Kind)
        {
            case AttributeKind.Float:
                a.Type = AttributeProto.Types.AttributeType.Float;
                a.F = value.Float;
                break;
            case AttributeKind.Int:
                a.Type = AttributeProto.Types.AttributeType.Int;
                a.I = value.Int;
                break;
            case AttributeKind.String:
                a.Type = AttributeProto.Types.AttributeType.String;
                a.S = ByteString.CopyFromUtf8(value.String);
                break;
            case AttributeKind.Tensor:
                a.Type = AttributeProto.Types.AttributeType.Tensor;
                a.T = TensorProtoOf(name, value.Tensor!);
                break;
            case AttributeKind.Floats:
                a.Type = AttributeProto.Types.AttributeType.Floats;
                a.Floats.AddRange(value.Floats);
                break;
            case AttributeKind.Ints:
                a.Type = AttributeProto.Types.AttributeType.Ints;
                a.Ints.AddRange(value.Ints);
                break;
            default:
                a.Type = AttributeProto.Types.AttributeType.Strings;
                a.Strings.AddRange(value.Strings.Select(ByteString.CopyFromUtf8));
                break;
        }

        return a;
    }
}
