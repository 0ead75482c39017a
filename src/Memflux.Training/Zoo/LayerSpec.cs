using System.Globalization;
using Memflux.Numerics;

namespace Memflux.Training.Zoo;

/// <summary>One argument of a layer in an architecture spec: positional (<c>16</c>) or named (<c>pad=1</c>).</summary>
/// <param name="Key">The name before <c>=</c>, or null for a positional argument.</param>
/// <param name="Value">The text of the value.</param>
/// <param name="Column">The 1-based column of the argument in the spec.</param>
public sealed record SpecArgument(string? Key, string Value, int Column);

/// <summary>One layer of an architecture spec as written, e.g. <c>conv(16,3,pad=1)</c>, with where it stands.</summary>
/// <param name="Kind">The layer name, lower case (<c>conv</c>, <c>fc</c>, <c>res</c>, …).</param>
/// <param name="Arguments">The arguments in the order written.</param>
/// <param name="Index">The 1-based position of the layer in the spec.</param>
/// <param name="Column">The 1-based column where the layer starts.</param>
/// <param name="Text">The layer as written, whitespace removed.</param>
public sealed record LayerSpec(string Kind, IReadOnlyList<SpecArgument> Arguments, int Index, int Column, string Text)
{
    /// <summary>"layer 3 'maxpool(2)'" for messages (which give the column before it).</summary>
    public string Describe() => $"layer {Index} '{Text}'";

    /// <summary>A user-facing error about this layer in <paramref name="spec"/>.</summary>
    public MemfluxException Error(string spec, string message) => ArchitectureSpecParser.Error(spec, Column, $"{Describe()}: {message}");

    /// <summary>Formats a batch-first shape with the batch as N: [N,16,5,5].</summary>
    internal static string Format(TensorShape shape) =>
        "[N" + string.Concat(shape.Dimensions[1..].ToArray().Select(d => "," + d.ToString(CultureInfo.InvariantCulture))) + "]";
}
