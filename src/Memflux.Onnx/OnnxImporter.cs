using Google.Protobuf;
using Memflux.Graph;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>Options for <see cref="OnnxImporter"/>.</summary>
public sealed record ImportOptions
{
    /// <summary>
    /// When set, the first dimension of every graph input is this batch size, whether the file declares it
    /// symbolic or fixed. Other symbolic dimensions are an error.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>
    /// Passes run after import; default: shape inference only (the graph as the file has it).
    /// <see cref="PassPipeline.Default"/> also folds constants and batch norms and removes identities and dead code.
    /// </summary>
    public PassPipeline Pipeline { get; init; } = PassPipeline.InferOnly;
}

/// <summary>Reads an ONNX model into a <see cref="ComputeGraph"/>, with clear errors for anything it cannot represent.</summary>
public static class OnnxImporter
{
    /// <summary>Loads <paramref name="path"/>.</summary>
    public static ComputeGraph Load(string path, ImportOptions? options = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MemfluxException($"{path}: cannot read the file ({e.Message}).", e);
        }

        return Load(bytes, path, options);
    }

    /// <summary>Loads a model from its serialized bytes; <paramref name="source"/> names it in errors.</summary>
    public static ComputeGraph Load(byte[] bytes, string source, ImportOptions? options = null)
    {
        options ??= new ImportOptions();
        var model = Parse(bytes, source);
        var graph = OnnxGraphReader.Read(model, source, options);
        try
        {
            options.Pipeline.Run(graph);
        }
        catch (MemfluxException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            // Passes name the node; the user also needs the file.
            throw new MemfluxException($"{source}: {e.Message}", e);
        }

        return graph;
    }

    /// <summary>Parses the protobuf, mapping every parser failure to a <see cref="MemfluxException"/>.</summary>
    public static ModelProto Parse(byte[] bytes, string source)
    {
        if (bytes.Length == 0)
        {
            throw new MemfluxException($"{source}: the file is empty; expected an ONNX model (protobuf ModelProto).");
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MemfluxException($"{source}: not a valid ONNX file; the protobuf is malformed or truncated ({e.Message}).", e);
        }

        if (model.Graph is null || (model.Graph.Node.Count == 0 && model.Graph.Output.Count == 0))
        {
            throw new MemfluxException($"{source}: not an ONNX model; expected a ModelProto with a graph, found {(model.Graph is null ? "no graph" : "an empty graph")}.");
        }

        return model;
    }
}
