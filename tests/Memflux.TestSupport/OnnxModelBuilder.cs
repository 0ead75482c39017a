using Google.Protobuf;
using Memflux.Numerics;
using Onnx;

namespace Memflux.TestSupport;

/// <summary>Builds small ONNX models in code for operator and importer tests.</summary>
public sealed class OnnxModelBuilder(int opset = 17, long irVersion = 8)
{
    private readonly GraphProto _graph = new() { Name = "test" };

    /// <summary>The model being built, for tests that need to break it on purpose.</summary>
    public ModelProto Model { get; } = new()
    {
        IrVersion = irVersion,
        ProducerName = "memflux-tests",
        OpsetImport = { new OperatorSetIdProto { Domain = "", Version = opset } },
    };

    /// <summary>Declares a graph input.</summary>
    public OnnxModelBuilder Input(string name, int[] dims, DataType type = DataType.Float32)
    {
        _graph.Input.Add(ValueInfo(name, dims, type));
        return this;
    }

    /// <summary>Declares a graph output (shape left for the runtime to infer).</summary>
    public OnnxModelBuilder Output(string name, DataType type = DataType.Float32)
    {
        _graph.Output.Add(new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)ToOnnx(type) } },
        });
        return this;
    }

    /// <summary>Adds an initializer: fp32 and int64 in their typed fields (or raw_data when <paramref name="raw"/>), other types in raw_data.</summary>
    public OnnxModelBuilder Initializer(string name, Tensor tensor, bool raw = false)
    {
        _graph.Initializer.Add(ToProto(name, tensor, raw));
        return this;
    }

    /// <summary>Adds a scalar bool initializer (ONNX BOOL, e.g. Dropout's training_mode).</summary>
    public OnnxModelBuilder BoolInitializer(string name, bool value)
    {
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Bool };
        proto.Int32Data.Add(value ? 1 : 0);
        _graph.Initializer.Add(proto);
        return this;
    }

    /// <summary>Adds a node. Attribute values may be long, float, string, long[], float[], string[] or Tensor.</summary>
    public OnnxModelBuilder Node(string opType, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var (name, value) in attributes)
        {
            node.Attribute.Add(Attribute(name, value));
        }

        _graph.Node.Add(node);
        return this;
    }

    /// <summary>The serialized model.</summary>
    public byte[] Build()
    {
        Model.Graph = _graph;
        return Model.ToByteArray();
    }

    /// <summary>A TensorProto of <paramref name="tensor"/>.</summary>
    public static TensorProto ToProto(string name, Tensor tensor, bool raw = false)
    {
        var proto = new TensorProto { Name = name, DataType = (int)ToOnnx(tensor.Type) };
        proto.Dims.AddRange(tensor.Shape.Dimensions.ToArray().Select(d => (long)d));
        if (tensor.Type is not (DataType.Float32 or DataType.Int64))
        {
            proto.RawData = ByteString.CopyFrom(tensor.Bytes);
        }
        else if (tensor.Type == DataType.Float32)
        {
            if (raw)
            {
                proto.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.Float32));
            }
            else
            {
                proto.FloatData.AddRange(tensor.Float32.ToArray());
            }
        }
        else if (raw)
        {
            proto.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.Int64));
        }
        else
        {
            proto.Int64Data.AddRange(tensor.Int64.ToArray());
        }

        return proto;
    }

    private static ValueInfoProto ValueInfo(string name, int[] dims, DataType type)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)ToOnnx(type), Shape = shape } },
        };
    }

    private static TensorProto.Types.DataType ToOnnx(DataType type) => Memflux.Onnx.OnnxTypes.ToOnnx(type);

    private static AttributeProto Attribute(string name, object value)
    {
        var a = new AttributeProto { Name = name };
        switch (value)
        {
            case int i:
                a.Type = AttributeProto.Types.AttributeType.Int;
                a.I = i;
                break;
            case long l:
                a.Type = AttributeProto.Types.AttributeType.Int;
                a.I = l;
                break;
            case float f:
                a.Type = AttributeProto.Types.AttributeType.Float;
                a.F = f;
                break;
            case string s:
                a.Type = AttributeProto.Types.AttributeType.String;
                a.S = ByteString.CopyFromUtf8(s);
                break;
            case long[] ls:
                a.Type = AttributeProto.Types.AttributeType.Ints;
                a.Ints.AddRange(ls);
                break;
            case int[] ins:
                a.Type = AttributeProto.Types.AttributeType.Ints;
                a.Ints.AddRange(ins.Select(x => (long)x));
                break;
            case float[] fs:
                a.Type = AttributeProto.Types.AttributeType.Floats;
                a.Floats.AddRange(fs);
                break;
            case string[] ss:
                a.Type = AttributeProto.Types.AttributeType.Strings;
                a.Strings.AddRange(ss.Select(ByteString.CopyFromUtf8));
                break;
            case Tensor t:
                a.Type = AttributeProto.Types.AttributeType.Tensor;
                a.T = ToProto(name, t);
                break;
            default:
                throw new ArgumentException($"Unsupported attribute value type {value.GetType()} for '{name}'.");
        }

        return a;
    }
}
