using Memflux.Data;
using Memflux.Graph;
using Memflux.Numerics;

namespace Memflux.Experiments;

/// <summary>How <see cref="InputSources.Load"/> reads a source: labels and the image preprocessing options.</summary>
/// <param name="LabelsPath">A <c>.npy</c> of integer labels, one per sample (<c>--labels</c>), or null.</param>
/// <param name="Images">Preprocessing for image folders; null decides everything from the model's input.</param>
internal sealed record InputSourceOptions(string? LabelsPath = null, ImageFolderOptions? Images = null)
{
    /// <summary>No labels file.</summary>
    public static InputSourceOptions Default { get; } = new();
}

/// <summary>
/// The one place that turns <c>--inputs PATH</c> into a <see cref="SampleSet"/> for a model, choosing the reader by
/// what PATH is:
/// <list type="bullet">
/// <item><c>*.npy</c>: one array for a model with one input; <c>*.npz</c>: one array per graph input, by name
/// (<see cref="NpyReader"/>, <see cref="NpzReader"/>, matched and split into runs by <see cref="SampleArrays"/>).</item>
/// <item>a folder in the ONNX test-data layout: <c>test_data_set_N/input_K.pb</c> (and <c>output_K.pb</c>, which become
/// the expected outputs), or one data-set folder (<see cref="OnnxTestData"/>).</item>
/// <item>a folder of images, <c>ROOT/CLASS/*.png|jpg|jpeg|bmp</c> (classes sorted by name are the labels) or
/// <c>ROOT/*.png</c> (unlabelled), for a model with one image input (<see cref="ImageFolderReader"/>).</item>
/// </list>
/// Every verb that takes <c>--inputs</c> (verify, eval, bench) calls this, so they accept the same sources and options.
/// </summary>
internal static class InputSources
{
    /// <summary>The forms <c>--inputs</c> accepts, for help text and errors.</summary>
    public const string Accepted = "a NumPy .npy file (one input) or .npz archive (one array per input, by name), a folder in the ONNX test-data layout (test_data_set_*/input_*.pb), or a folder of images (CLASS/*.png|jpg|jpeg|bmp, or the images themselves)";

    /// <summary>
    /// Reads <paramref name="path"/> into the runs <paramref name="graph"/> needs: every feed holds every graph input at
    /// its static shape. Labels come from <see cref="InputSourceOptions.LabelsPath"/> when given.
    /// </summary>
    public static SampleSet Load(string path, ComputeGraph graph, InputSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        var inputs = Inputs(graph);
        long[]? labels = options.LabelsPath is string labelsPath ? NpyReader.ReadLabels(labelsPath) : null;
        var notes = labels is null ? [] : new List<string> { $"{labels.Length} labels from {options.LabelsPath}." };
        if (File.Exists(path))
        {
            string extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is ".npy" or ".npz")
            {
                return SampleArrays.Read(path).ToSampleSet(inputs, labels, notes);
            }

            throw new MemfluxException($"{path}: --inputs does not read '{extension}' files; expected {Accepted}.");
        }

        if (Directory.Exists(path))
        {
            if (OnnxTestData.IsTestData(path))
            {
                return OnnxTestData.Load(path, graph, inputs, labels, notes);
            }

            if (ImageFolderReader.IsImageFolder(path))
            {
                if (inputs.Count != 1)
                {
                    throw new MemfluxException($"{path}: a folder of images fills one input, but the model has {inputs.Count} ({string.Join(", ", inputs.Select(i => $"'{i.Name}' {i.Type.OnnxName()}{i.Shape}"))}); bring the inputs in an .npz instead.");
                }

                return ImageFolderReader.Read(path, inputs[0], options.Images ?? new ImageFolderOptions(), labels, notes);
            }

            throw new MemfluxException($"{path}: the folder holds no test_data_set_* folders, input_*.pb files or images; --inputs expects {Accepted}.");
        }

        throw new MemfluxException($"{path}: no such file or folder; --inputs expects {Accepted}.");
    }

    /// <summary>The graph inputs data must fill, each with its element type and static shape.</summary>
    public static IReadOnlyList<SampleInput> Inputs(ComputeGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Inputs
            .Select(i => new SampleInput(i.Name, i.Type, i.Shape ?? throw new MemfluxException($"{graph.SourceLabel}: graph input '{i.Name}' has no static shape.")))
            .ToList();
    }
}
