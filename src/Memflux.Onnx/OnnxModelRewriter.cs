using Google.Protobuf;
using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>Small edits of serialized ONNX models, so that callers outside this project need no protobuf.</summary>
public static class OnnxModelRewriter
{
    /// <summary>The symbolic dimension name <see cref="WithSymbolicBatch"/> writes.</summary>
    public const string BatchDimension = "batch";

    /// <summary>
    /// A copy of <paramref name="model"/> whose graph inputs and outputs have a symbolic first dimension
    /// (<see cref="BatchDimension"/>), so that a runtime such as ONNX Runtime accepts any batch size for a model
    /// exported with a fixed batch of 1. The graph's <c>value_info</c> (optional shape hints for intermediate
    /// values, which would still say batch 1) is dropped; the runtime infers those shapes again.
    /// Nodes that bake the batch into constants (a Reshape to [1, -1]) are not changed.
    /// </summary>
    /// <param name="model">The serialized ModelProto.</param>
    /// <param name="source">Names the model in errors.</param>
    public static byte[] WithSymbolicBatch(byte[] model, string source)
    {
        var proto = OnnxImporter.Parse(model, source);
        var initializers = proto.Graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var input in proto.Graph.Input.Where(i => !initializers.Contains(i.Name)))
        {
            MakeFirstDimensionSymbolic(input);
        }

        foreach (var output in proto.Graph.Output)
        {
            MakeFirstDimensionSymbolic(output);
        }

        proto.Graph.ValueInfo.Clear();
        return proto.ToByteArray();
    }

    /// <summary>
    /// A copy of <paramref name="model"/> whose graph inputs have exactly the given static shapes (the ones Memflux
    /// resolved from <c>--batch</c>, <c>--shape</c> and <c>--dim</c>) and whose outputs' shapes are left for the
    /// runtime to infer; <c>value_info</c> is dropped as in <see cref="WithSymbolicBatch"/>.
    /// </summary>
    /// <param name="model">The serialized ModelProto.</param>
    /// <param name="source">Names the model in errors.</param>
    /// <param name="shapes">Dimensions by graph input name; inputs not named keep their declared shape.</param>
    public static byte[] WithInputShapes(byte[] model, string source, IReadOnlyDictionary<string, int[]> shapes)
    {
        var proto = OnnxImporter.Parse(model, source);
        SetInputShapes(proto, shapes);
        return proto.ToByteArray();
    }

    /// <summary>
    /// <see cref="WithInputShapes(byte[], string, IReadOnlyDictionary{string, int[]})"/> for the model file at
    /// <paramref name="path"/>, without holding it in memory twice: the initializers are copied from the file, as they
    /// are, into the one array returned (external-data tensors keep their relative locations).
    /// </summary>
    /// <param name="path">The model file (it names the model in errors).</param>
    /// <param name="shapes">Dimensions by graph input name; inputs not named keep their declared shape.</param>
    public static byte[] WithInputShapes(string path, IReadOnlyDictionary<string, int[]> shapes)
    {
        using var bytes = OnnxImporter.OpenFile(path);
        var scanned = OnnxImporter.Scan(bytes, path);
        var model = scanned.Model;
        SetInputShapes(model, shapes);
        var graph = model.Graph;
        model.Graph = null;
        byte[] head = model.ToByteArray();
        byte[] graphHead = graph.ToByteArray();
        long graphLength = graphHead.Length + scanned.Initializers.Sum(i => 1 + VarintSize((ulong)i.MessageLength) + i.MessageLength);
        if (graphLength > Array.MaxLength - head.Length - 16)
        {
            throw new MemfluxException($"{path}: the model holds {graphLength} bytes inside the .onnx file, more than one protobuf message can (2 GB); save its weights as external data.");
        }

        var result = new byte[head.Length + 1 + VarintSize((ulong)graphLength) + graphLength];
        int at = 0;
        Put(head);
        PutVarint(58); // ModelProto.graph, length-delimited
        PutVarint((ulong)graphLength);
        Put(graphHead);
        foreach (var init in scanned.Initializers)
        {
            PutVarint(42); // GraphProto.initializer, length-delimited
            PutVarint((ulong)init.MessageLength);
            bytes.Read(init.MessageOffset, result.AsSpan(at, (int)init.MessageLength));
            at += (int)init.MessageLength;
        }

        return result;

        void Put(byte[] data)
        {
            data.CopyTo(result, at);
            at += data.Length;
        }

        void PutVarint(ulong value)
        {
            for (; value >= 0x80; value >>= 7)
            {
                result[at++] = (byte)(value | 0x80);
            }

            result[at++] = (byte)value;
        }
    }

    private static int VarintSize(ulong value)
    {
        int size = 1;
        for (; value >= 0x80; value >>= 7)
        {
            size++;
        }

        return size;
    }

    private static void SetInputShapes(ModelProto proto, IReadOnlyDictionary<string, int[]> shapes)
    {
        foreach (var input in proto.Graph.Input)
        {
            if (shapes.TryGetValue(input.Name, out int[]? dims) && input.Type?.TensorType is { } tensor)
            {
                tensor.Shape = new TensorShapeProto();
                tensor.Shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
            }
        }

        foreach (var output in proto.Graph.Output)
        {
            if (output.Type?.TensorType is { } tensor)
            {
                tensor.Shape = null;
            }
        }

        proto.Graph.ValueInfo.Clear();
    }

    private static void MakeFirstDimensionSymbolic(ValueInfoProto info)
    {
        var shape = info.Type?.TensorType?.Shape;
        if (shape is null || shape.Dim.Count == 0)
        {
            return;
        }

        shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = BatchDimension };
    }
}
