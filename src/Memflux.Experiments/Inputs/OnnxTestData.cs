using System.Globalization;
using System.Text.RegularExpressions;
using Memflux.Data;
using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Experiments;

/// <summary>
/// Reads the ONNX test-data layout: a folder of <c>test_data_set_N/</c> folders (ONNX's backend tests and the model
/// zoo keep them next to <c>model.onnx</c>), or one such data-set folder, each holding <c>input_K.pb</c> and optionally
/// <c>output_K.pb</c> (one TensorProto per file, <see cref="OnnxTensorFile"/>).
/// </summary>
/// <remarks>
/// <c>input_K.pb</c> fills the K-th graph input that is not an initializer, unless its TensorProto name is set: then it
/// fills the input of that name (a name that is no graph input is an error). <c>output_K.pb</c> is the expected value
/// of the K-th graph output, or of the output its name gives. Each data set is one model run when its inputs have the
/// model's shapes; without expected outputs it may also hold a multiple of the batch, split like a .npz.
/// </remarks>
internal static partial class OnnxTestData
{
    /// <summary>True when <paramref name="folder"/> is a data set or holds <c>test_data_set_*</c> folders.</summary>
    public static bool IsTestData(string folder) => DataSets(folder).Count > 0;

    /// <summary>Reads every data set under <paramref name="folder"/> (in numeric order) into one sample set.</summary>
    public static SampleSet Load(string folder, ComputeGraph graph, IReadOnlyList<SampleInput> inputs, long[]? labels, List<string> notes)
    {
        var sets = DataSets(folder);
        if (sets.Count == 0)
        {
            throw new MemfluxException($"{folder}: holds neither input_*.pb files nor test_data_set_* folders; expected the ONNX test-data layout.");
        }

        var feeds = new List<IReadOnlyDictionary<string, Tensor>>();
        var expected = new List<IReadOnlyDictionary<string, Tensor>>();
        int withOutputs = 0;
        foreach (string set in sets)
        {
            var arrays = ReadNumbered(set, "input", inputs.Select(i => i.Name).ToList(), "graph input", graph.SourceLabel);
            var outputs = ReadNumbered(set, "output", graph.Outputs.Select(o => o.Name).ToList(), "graph output", graph.SourceLabel);
            var runs = new SampleArrays(set, arrays, named: true).ToSampleSet(inputs, notes: null);
            notes.AddRange(runs.Notes);
            if (outputs.Count > 0)
            {
                if (runs.Feeds.Count != 1)
                {
                    throw new MemfluxException($"{set}: has expected outputs, so its inputs must have the model's shapes exactly ({string.Join(", ", inputs.Select(i => $"'{i.Name}' {i.Shape}"))}); they make {runs.Feeds.Count} runs of the model's batch.");
                }

                withOutputs++;
                expected.Add(outputs.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal));
            }

            feeds.AddRange(runs.Feeds);
        }

        if (withOutputs != 0 && withOutputs != sets.Count)
        {
            throw new MemfluxException($"{folder}: {withOutputs} of {sets.Count} data sets have output_*.pb files; expected all or none.");
        }

        if (labels is not null && labels.Length != feeds.Count * inputs[0].Batch)
        {
            throw new MemfluxException($"{folder}: {labels.Length} labels for {feeds.Count * inputs[0].Batch} samples ({feeds.Count} run(s) of batch {inputs[0].Batch}); expected one label per sample.");
        }

        notes.Add($"{folder}: {sets.Count} ONNX test data set(s), {feeds.Count} run(s){(withOutputs > 0 ? ", with expected outputs" : "")}.");
        return new SampleSet(folder, feeds, withOutputs > 0 ? expected : null, labels, notes);
    }

    /// <summary>The data-set folders: <paramref name="folder"/> itself when it holds input_*.pb, else its test_data_set_N folders by N.</summary>
    private static List<string> DataSets(string folder)
    {
        if (Directory.EnumerateFiles(folder, "input_*.pb").Any())
        {
            return [folder];
        }

        return Directory.EnumerateDirectories(folder, "test_data_set_*")
            .Select(d => (Path: d, Match: DataSetPattern().Match(Path.GetFileName(d))))
            .Where(d => d.Match.Success)
            .OrderBy(d => long.Parse(d.Match.Groups[1].Value, CultureInfo.InvariantCulture))
            .Select(d => d.Path)
            .ToList();
    }

    /// <summary>
    /// Reads <c>{prefix}_K.pb</c> for K = 0, 1, ... with no gaps, each mapped to <paramref name="names"/>[K] or to the
    /// name its TensorProto carries.
    /// </summary>
    private static List<KeyValuePair<string, Tensor>> ReadNumbered(string set, string prefix, List<string> names, string what, string model)
    {
        var files = Directory.EnumerateFiles(set, $"{prefix}_*.pb")
            .Select(f => (Path: f, Match: NumberedPattern().Match(Path.GetFileName(f))))
            .Where(f => f.Match.Success && f.Match.Groups[1].Value == prefix)
            .Select(f => (f.Path, Index: int.Parse(f.Match.Groups[2].Value, CultureInfo.InvariantCulture)))
            .OrderBy(f => f.Index)
            .ToList();
        for (int k = 0; k < files.Count; k++)
        {
            if (files[k].Index != k)
            {
                throw new MemfluxException($"{set}: has {Path.GetFileName(files[k].Path)} but no {prefix}_{k}.pb; expected {prefix}_0.pb, {prefix}_1.pb, ... without gaps.");
            }
        }

        if (files.Count > names.Count)
        {
            throw new MemfluxException($"{set}: holds {files.Count} {prefix}_*.pb files but {model} has {names.Count} {what}s ({string.Join(", ", names)}).");
        }

        var result = new List<KeyValuePair<string, Tensor>>(files.Count);
        foreach (var (path, k) in files)
        {
            var tensor = OnnxTensorFile.Read(path, out string name);
            if (name.Length > 0 && !names.Contains(name, StringComparer.Ordinal))
            {
                throw new MemfluxException($"{path}: the tensor is named '{name}', which is no {what} of {model} ({string.Join(", ", names)}).");
            }

            string target = name.Length > 0 ? name : names[k];
            if (result.Any(r => r.Key == target))
            {
                throw new MemfluxException($"{path}: fills {what} '{target}', which another {prefix}_*.pb in {set} fills too.");
            }

            result.Add(new(target, tensor));
        }

        return result;
    }

    [GeneratedRegex(@"^test_data_set_(\d+)$")]
    private static partial Regex DataSetPattern();

    [GeneratedRegex(@"^(input|output)_(\d+)\.pb$")]
    private static partial Regex NumberedPattern();
}
