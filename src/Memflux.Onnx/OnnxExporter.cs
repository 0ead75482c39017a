using System.Globalization;
using Google.Protobuf;
using Memflux.Graph;
using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>How <see cref="OnnxExporter.Save(ComputeGraph, string, OnnxExportOptions)"/> writes a model.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>The model's producer_name.</summary>
    public string Producer { get; init; } = "memflux";

    /// <summary>When set, the first dimension of every graph input and output is this symbolic name.</summary>
    public string? BatchDimension { get; init; }

    /// <summary>
    /// When set, every initializer of at least this many bytes goes to the external-data file
    /// (<see cref="ExternalDataFile"/>) instead of the .onnx file; 0 moves them all. Models over 2 GB (protobuf's limit
    /// for one message) need it.
    /// </summary>
    public long? ExternalDataThreshold { get; init; }

    /// <summary>The external-data file's name, in the model's folder; default: the model's file name + <c>.data</c>.</summary>
    public string? ExternalDataFile { get; init; }
}

/// <summary>Writes a <see cref="ComputeGraph"/> as an ONNX model (constants as raw_data initializers, or as external data).</summary>
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
    public static byte[] ToBytes(ComputeGraph graph, string producer, string? batchDimension) =>
        Build(graph, producer, batchDimension, TensorProtoOf).ToByteArray();

    /// <summary>Writes <paramref name="graph"/> to <paramref name="path"/>.</summary>
    public static void Save(ComputeGraph graph, string path) => SafeFile.WriteAllBytes(path, "the ONNX model", ToBytes(graph));

    /// <summary>
    /// Writes <paramref name="graph"/> to <paramref name="path"/>; with <see cref="OnnxExportOptions.ExternalDataThreshold"/>,
    /// large initializers go, one after another, into a file next to it that the model names by a relative location.
    /// </summary>
    public static void Save(ComputeGraph graph, string path, OnnxExportOptions options)
    {
        if (options.ExternalDataThreshold is not { } threshold)
        {
            SafeFile.WriteAllBytes(path, "the ONNX model", ToBytes(graph, options.Producer, options.BatchDimension));
            return;
        }

        string location = options.ExternalDataFile ?? Path.GetFileName(path) + ".data";
        if (Path.IsPathRooted(location) || Path.GetFileName(location) != location)
        {
            throw new ArgumentException($"The external-data file must be a file name in the model's folder, not '{location}'.", nameof(options));
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        SafeFile.CheckTarget(path, "the ONNX model");
        ModelProto model = null!;
        SafeFile.Write(Path.Combine(folder, location), "the model's external data", data =>
        {
            model = Build(graph, options.Producer, options.BatchDimension, (name, tensor) =>
            {
                if (tensor.Bytes.Length < threshold)
                {
                    return TensorProtoOf(name, tensor);
                }

                var proto = Header(name, tensor);
                proto.DataLocation = TensorProto.Types.DataLocation.External;
                proto.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
                proto.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = data.Position.ToString(CultureInfo.InvariantCulture) });
                proto.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = tensor.Bytes.Length.ToString(CultureInfo.InvariantCulture) });
                data.Write(tensor.Bytes);
                return proto;
            });
        });

        SafeFile.Write(path, "the ONNX model", model.WriteTo);
    }

    private static ModelProto Build(ComputeGraph graph, string producer, string? batchDimension, Func<string, Tensor, TensorProto> initializer)
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
                    g.Initializer.Add(initializer(v.Name, v.Constant));
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
            g.Initializer.Add(initializer(output.Name, output.Constant!));
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = producer,
            Graph = g,
            OpsetImport = { new OperatorSetIdProto { Domain = "", Version = graph.Opset } },
        };
        return model;
    }

    /// <summary>A TensorProto holding <paramref name="tensor"/> in raw_data (little-endian).</summary>
    public static TensorProto TensorProtoOf(string name, Tensor tensor)
    {
        var proto = Header(name, tensor);
        proto.RawData = ByteString.CopyFrom(tensor.Bytes);
        return proto;
    }

    /// <summary>A TensorProto with <paramref name="tensor"/>'s name, type and shape, but no data.</summary>
    private static TensorProto Header(string name, Tensor tensor)
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
