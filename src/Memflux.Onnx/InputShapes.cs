using System.Globalization;
using Memflux.Graph;
using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>
/// Resolves each graph input's declared type and shape into a static one with the rules of
/// <see cref="ImportOptions.InputShapes"/>: exporters write symbolic dimensions (<c>batch</c>, <c>sequence</c>) that
/// the user fixes per input or per name.
/// </summary>
internal static class InputShapes
{
    public static (DataType Type, TensorShape Shape) Resolve(ValueInfoProto info, string source, ImportOptions options, HashSet<string> usedDimensions)
    {
        string what = $"graph input '{info.Name}'";
        var tensorType = info.Type?.TensorType
            ?? throw new MemfluxException($"{source}: {what} is not a tensor (sequences, maps and optionals are not supported).");
        var type = OnnxTypes.Map((TensorProto.Types.DataType)tensorType.ElemType, what, source);
        if (options.InputShapes.TryGetValue(info.Name, out int[]? given))
        {
            if (tensorType.Shape is { } declared && declared.Dim.Count != given.Length)
            {
                throw new MemfluxException($"{source}: {what} has rank {declared.Dim.Count}, but --shape {info.Name}={Format(given)} has rank {given.Length}.");
            }

            return (type, Shape(given, what, source));
        }

        if (tensorType.Shape is null)
        {
            throw new MemfluxException($"{source}: {what} declares no shape; give it with --shape {info.Name}=D1xD2x...");
        }

        var dims = new int[tensorType.Shape.Dim.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            var d = tensorType.Shape.Dim[i];
            bool isStatic = d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue > 0;
            string? symbol = d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? d.DimParam : null;
            if (symbol is not null && options.Dimensions.TryGetValue(symbol, out int value))
            {
                usedDimensions.Add(symbol);
                dims[i] = value;
            }
            else if (i == 0 && options.BatchSize is int batch && (!isStatic || options.OverrideStaticBatch))
            {
                dims[i] = batch;
            }
            else if (isStatic && d.DimValue <= int.MaxValue)
            {
                dims[i] = (int)d.DimValue;
            }
            else
            {
                string found = symbol is not null ? $"symbolic '{symbol}'"
                    : d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue.ToString(CultureInfo.InvariantCulture)
                    : "unknown";
                var fixes = new List<string>();
                if (symbol is not null)
                {
                    fixes.Add($"--dim {symbol}=N");
                }

                fixes.Add($"--shape {info.Name}={Placeholder(tensorType.Shape)}");
                if (i == 0)
                {
                    fixes.Add("--batch N");
                }

                string choices = fixes.Count == 1 ? fixes[0] : $"{string.Join(", ", fixes.Take(fixes.Count - 1))} or {fixes[^1]}";
                throw new MemfluxException($"{source}: {what} dimension {i} is {found}; expected a positive static size. Fix it with {choices}.");
            }
        }

        return (type, Shape(dims, what, source));
    }

    /// <summary>Every --shape name must be a graph input and every --dim name a symbolic dimension some input uses.</summary>
    public static void CheckAllUsed(ComputeGraph graph, string source, ImportOptions options, HashSet<string> usedDimensions)
    {
        string inputs = string.Join(", ", graph.Inputs.Select(i => i.Name));
        foreach (string name in options.InputShapes.Keys.Where(n => !graph.Inputs.Any(i => i.Name == n)))
        {
            throw new MemfluxException($"{source}: --shape names '{name}', which is not a graph input (inputs: {(inputs.Length == 0 ? "none" : inputs)}).");
        }

        foreach (string name in options.Dimensions.Keys.Where(n => !usedDimensions.Contains(n)))
        {
            throw new MemfluxException($"{source}: --dim names '{name}', which no graph input uses as a symbolic dimension (or --shape fixed those inputs whole).");
        }
    }

    /// <summary>Records the given input values (type and shape must match the input) on the graph.</summary>
    public static void Specialize(ComputeGraph graph, string source, IReadOnlyDictionary<string, Tensor> values)
    {
        foreach (var (name, value) in values)
        {
            var input = graph.Inputs.FirstOrDefault(i => i.Name == name)
                ?? throw new MemfluxException($"{source}: a value is given for '{name}', which is not a graph input.");
            if (value.Type != input.Type || !value.Shape.Equals(input.Shape))
            {
                throw new MemfluxException($"{source}: graph input '{name}' is {input.Type}{input.Shape}; the value given is {value.Type}{value.Shape}.");
            }

            graph.SpecializedInputs[input] = value;
        }
    }

    private static TensorShape Shape(int[] dims, string what, string source)
    {
        if (dims.Any(d => d < 0))
        {
            throw new MemfluxException($"{source}: {what} would have shape {Format(dims)}; a dimension cannot be negative.");
        }

        try
        {
            return new TensorShape(dims);
        }
        catch (MemfluxException e)
        {
            throw new MemfluxException($"{source}: {what}: {e.Message}", e);
        }
    }

    /// <summary>The declared shape with each dimension that needs a value as its symbol or '?', e.g. <c>batchxsequence</c>.</summary>
    private static string Placeholder(TensorShapeProto shape) => string.Join("x", shape.Dim.Select(d =>
        d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue > 0 ? d.DimValue.ToString(CultureInfo.InvariantCulture)
        : d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? d.DimParam : "?"));

    private static string Format(int[] dims) => dims.Length == 0 ? "(scalar)" : string.Join("x", dims);
}
