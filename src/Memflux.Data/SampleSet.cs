using Memflux.Numerics;

namespace Memflux.Data;

/// <summary>
/// Inputs a user brings for a model, as the runs they make: each feed is a complete set of graph inputs (one model
/// run); expected outputs, when the source has them (ONNX test-data folders), one set per feed; labels, when given,
/// one per sample, where the samples are the rows of the feeds' first dimension in feed order.
/// </summary>
public sealed class SampleSet
{
    /// <summary>Creates a sample set; <paramref name="expectedOutputs"/>, when given, has one entry per feed.</summary>
    public SampleSet(
        string source,
        IReadOnlyList<IReadOnlyDictionary<string, Tensor>> feeds,
        IReadOnlyList<IReadOnlyDictionary<string, Tensor>>? expectedOutputs = null,
        long[]? labels = null,
        IReadOnlyList<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        if (feeds.Count == 0)
        {
            throw new MemfluxException($"{source}: holds no inputs.");
        }

        if (expectedOutputs is not null && expectedOutputs.Count != feeds.Count)
        {
            throw new ArgumentException($"{feeds.Count} feeds but {expectedOutputs.Count} sets of expected outputs.", nameof(expectedOutputs));
        }

        Source = source;
        Feeds = feeds;
        ExpectedOutputs = expectedOutputs;
        Labels = labels;
        Notes = notes ?? [];
    }

    /// <summary>Where the inputs came from (a file or folder), for messages and reports.</summary>
    public string Source { get; }

    /// <summary>The model runs: graph input name → tensor, complete for each run.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, Tensor>> Feeds { get; }

    /// <summary>Expected graph outputs per feed (ONNX test-data folders), or null.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, Tensor>>? ExpectedOutputs { get; }

    /// <summary>Class labels, one per sample, or null.</summary>
    public long[]? Labels { get; }

    /// <summary>
    /// What the reader decided for the user (a type conversion, positional mapping, image preprocessing defaults), one
    /// line each, for reports: nothing is converted or defaulted without a line here.
    /// </summary>
    public IReadOnlyList<string> Notes { get; }
}
