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
    /// Values of graph inputs, by name, that the graph is specialised to (<see cref="ComputeGraph.SpecializedInputs"/>):
    /// shapes that depend on them (a Reshape whose target shape is a graph input, Resize's scales, NonZero of an input)
    /// resolve at import. The executor then accepts only these values for those inputs, so callers pass them only when
    /// a model needs them. A name that is no graph input is an error.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> InputValues { get; init; } = new Dictionary<string, Tensor>();

    /// <summary>
    /// Passes run after import; default: shape inference only (the graph as the file has it).
    /// <see cref="PassPipeline.Default"/> also folds constants and batch norms and removes identities and dead code.
    /// </summary>
    public PassPipeline Pipeline { get; init; } = PassPipeline.InferOnly;
}

/// <summary>Reads an ONNX model into a <see cref="ComputeGraph"/>, with clear errors for anything it cannot represent.</summary>
/// <remarks>
/// Weights are read once, straight into their tensors (<see cref="OnnxModelScanner"/>): from the model file at the
/// offsets of their raw_data, or from the external-data files next to it. Loading from a path never holds the whole
/// file in memory, so the import of a model needs about the memory of its weights, whatever the file's size.
/// </remarks>
public static class OnnxImporter
{
    /// <summary>
    /// Loads <paramref name="path"/>; tensors with external data are read from files in the model's folder (a location
    /// that leaves the folder is an error).
    /// </summary>
    public static ComputeGraph Load(string path, ImportOptions? options = null)
    {
        using var bytes = OpenFile(path);
        using var external = new ExternalDataFiles(Path.GetDirectoryName(Path.GetFullPath(path)), path);
        return Load(bytes, external, path, options);
    }

    /// <summary>
    /// Loads <paramref name="path"/> as a model that must stand alone in its file (a tensor with external data is an
    /// error that says <paramref name="why"/>), reading the weights from the file straight into their tensors.
    /// </summary>
    public static ComputeGraph LoadStandalone(string path, string why, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(why);
        using var bytes = OpenFile(path);
        using var external = new ExternalDataFiles(modelFolder: null, path, why);
        return Load(bytes, external, path, options);
    }

    /// <summary><see cref="LoadStandalone(string, string, ImportOptions?)"/> from the model's bytes; <paramref name="source"/> names it in errors.</summary>
    public static ComputeGraph LoadStandalone(byte[] bytes, string source, string why, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(why);
        using var model = ModelBytes.Of(bytes);
        using var external = new ExternalDataFiles(modelFolder: null, source, why);
        return Load(model, external, source, options);
    }

    /// <summary>
    /// Loads a model from its serialized bytes; <paramref name="source"/> names it in errors. A tensor with external
    /// data is an error here (there is no folder to find its file in): load such a model from its path.
    /// </summary>
    public static ComputeGraph Load(byte[] bytes, string source, ImportOptions? options = null)
    {
        using var model = ModelBytes.Of(bytes);
        using var external = new ExternalDataFiles(modelFolder: null, source);
        return Load(model, external, source, options);
    }

    /// <summary>Parses the protobuf, mapping every parser failure to a <see cref="MemfluxException"/>.</summary>
    public static ModelProto Parse(byte[] bytes, string source)
    {
        if (bytes.Length == 0)
        {
            throw Empty(source);
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Malformed(source, e.Message, e);
        }

        CheckIsModel(model, source);
        return model;
    }

    private static ComputeGraph Load(ModelBytes bytes, ExternalDataFiles external, string source, ImportOptions? options)
    {
        options ??= new ImportOptions();
        var scanned = Scan(bytes, source);
        var graph = OnnxGraphReader.Read(scanned, bytes, external, source, options);
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

    /// <summary>Opens the model file at <paramref name="path"/>, with an error naming it when it cannot be read.</summary>
    internal static ModelBytes OpenFile(string path)
    {
        try
        {
            return ModelBytes.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MemfluxException($"{path}: cannot read the file ({e.Message}).", e);
        }
    }

    /// <summary>Scans the model's protobuf (weights left in place), mapping every parser failure to a <see cref="MemfluxException"/>.</summary>
    internal static ScannedModel Scan(ModelBytes bytes, string source)
    {
        if (bytes.Length == 0)
        {
            throw Empty(source);
        }

        ScannedModel scanned;
        try
        {
            scanned = OnnxModelScanner.Scan(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Malformed(source, e.Message, e);
        }
        catch (MalformedProtobufException e)
        {
            throw Malformed(source, e.Message, e);
        }
        catch (IOException e)
        {
            throw new MemfluxException($"{source}: cannot read the file ({e.Message}).", e);
        }

        CheckIsModel(scanned.Model, source);
        return scanned;
    }

    private static MemfluxException Empty(string source) =>
        new($"{source}: the file is empty; expected an ONNX model (protobuf ModelProto).");

    private static MemfluxException Malformed(string source, string detail, Exception inner) =>
        new($"{source}: not a valid ONNX file; the protobuf is malformed or truncated ({detail}).", inner);

    private static void CheckIsModel(ModelProto model, string source)
    {
        if (model.Graph is null || (model.Graph.Node.Count == 0 && model.Graph.Output.Count == 0))
        {
            throw new MemfluxException($"{source}: not an ONNX model; expected a ModelProto with a graph, found {(model.Graph is null ? "no graph" : "an empty graph")}.");
        }
    }
}
