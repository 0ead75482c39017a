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
    /// When set, a symbolic (or unknown) first dimension of a graph input is this batch size; a static first dimension
    /// is kept unless <see cref="OverrideStaticBatch"/> is set. See <see cref="InputShapes"/> for the order of rules.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>
    /// When true, <see cref="BatchSize"/> replaces a static first dimension too (the user asked for a batch size, or
    /// the caller batches a model exported with batch 1, like the bundled ResNet18).
    /// </summary>
    public bool OverrideStaticBatch { get; init; }

    /// <summary>
    /// Whole shapes by graph input name (<c>--shape NAME=1x128</c>). A dimension of an input is resolved by the first
    /// rule that applies: its shape here; the value in <see cref="Dimensions"/> of its symbolic name;
    /// <see cref="BatchSize"/> for a first dimension; the static size the file declares. A dimension none resolves is
    /// an error that lists these options. A name here that is no graph input is an error.
    /// </summary>
    public IReadOnlyDictionary<string, int[]> InputShapes { get; init; } = new Dictionary<string, int[]>();

    /// <summary>
    /// Values of symbolic dimensions by name (<c>--dim batch=1 --dim sequence=128</c>), for every input that uses the
    /// name. A name no input uses is an error.
    /// </summary>
    public IReadOnlyDictionary<string, int> Dimensions { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Values of graph inputs, by name, that the graph may be specialised to: those of integer type go to
    /// <see cref="ComputeGraph.SpecializedInputs"/>, so that shapes computed from them at run time (a Reshape whose
    /// target shape is a graph input) resolve at import. The executor then accepts only these values for those inputs,
    /// so callers pass them only when a model needs them. A name that is no graph input is an error.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> InputValues { get; init; } = new Dictionary<string, Tensor>();

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
