using System.Globalization;
using System.Text.RegularExpressions;
using Memflux.Numerics;

namespace Memflux.Data;

/// <summary>
/// Arrays a user brought in one file (a <c>.npy</c> array or the arrays of an <c>.npz</c> archive), before they are
/// matched to the model's inputs and split into model runs by <see cref="ToSampleSet"/>.
/// </summary>
public sealed partial class SampleArrays
{
    /// <summary>Creates the arrays of <paramref name="source"/>.</summary>
    /// <param name="source">The file, as reports and errors name it.</param>
    /// <param name="arrays">The arrays in file order.</param>
    /// <param name="named">True when the names identify graph inputs (.npz); false for a single unnamed array (.npy).</param>
    public SampleArrays(string source, IReadOnlyList<KeyValuePair<string, Tensor>> arrays, bool named)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(arrays);
        Source = source;
        Arrays = arrays;
        Named = named;
    }

    /// <summary>The file the arrays came from.</summary>
    public string Source { get; }

    /// <summary>The arrays in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> Arrays { get; }

    /// <summary>True when the array names identify graph inputs.</summary>
    public bool Named { get; }

    /// <summary>Reads a .npy file (one array, for a model with one input) or a .npz archive (one array per input, by name).</summary>
    public static SampleArrays Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".npy" => new SampleArrays(path, [new(Path.GetFileNameWithoutExtension(path), NpyReader.Read(path))], named: false),
            ".npz" => new SampleArrays(path, NpzReader.Read(path), named: true),
            _ => throw new MemfluxException($"{path}: expected a NumPy .npy or .npz file, found the extension '{extension}'."),
        };
    }

    /// <summary>
    /// Matches the arrays to <paramref name="inputs"/> and splits them into model runs.
    /// <list type="bullet">
    /// <item>Matching: a .npy array fills the model's only input; .npz arrays fill the inputs of the same name, or, when
    /// none matches and they are named arr_0, arr_1, ... (<c>np.savez(path, a, b)</c>), the inputs in order (noted).
    /// An input without an array or an array without an input is an error naming both lists.</item>
    /// <item>Types: an array of the input's type is used as is; between floating-point types, or between integer types
    /// when every value fits, it is converted (noted); otherwise an error names the input and both types.</item>
    /// <item>Splitting: an array of exactly the input's shape is one run; an array whose shape is the input's with
    /// another first dimension N holds N samples, split into runs of the model's batch along dimension 0 (N must be a
    /// multiple of it); for a batch of 1, an array of the input's shape without its first dimension is one sample
    /// (noted). Every input must give the same number of runs.</item>
    /// </list>
    /// </summary>
    /// <param name="inputs">The graph inputs, in graph order.</param>
    /// <param name="labels">Labels, one per sample, or null.</param>
    /// <param name="notes">Lines to start the set's notes with (e.g. where the labels came from).</param>
    public SampleSet ToSampleSet(IReadOnlyList<SampleInput> inputs, long[]? labels = null, IEnumerable<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw new MemfluxException($"{Source}: the model has no graph inputs to fill.");
        }

        var allNotes = new List<string>(notes ?? []);
        var matched = Match(inputs, allNotes);
        int runs = -1;
        string? runsFrom = null;
        var split = new List<Tensor[]>(inputs.Count);
        foreach (var input in inputs)
        {
            var array = Convert(input, matched[input.Name], allNotes);
            var parts = Split(input, array, allNotes);
            if (runs >= 0 && parts.Length != runs)
            {
                throw new MemfluxException($"{Source}: input '{input.Name}' gets {parts.Length} run(s) of batch {input.Batch} from its array {Describe(array)}, but '{runsFrom}' gets {runs}; every input needs the same number of samples.");
            }

            runs = parts.Length;
            runsFrom = input.Name;
            split.Add(parts);
        }

        var feeds = new IReadOnlyDictionary<string, Tensor>[runs];
        for (int r = 0; r < runs; r++)
        {
            var feed = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            for (int i = 0; i < inputs.Count; i++)
            {
                feed[inputs[i].Name] = split[i][r];
            }

            feeds[r] = feed;
        }

        long samples = (long)runs * inputs[0].Batch;
        if (labels is not null && labels.Length != samples)
        {
            throw new MemfluxException($"{Source}: {labels.Length} labels for {samples} samples ({runs} run(s) of batch {inputs[0].Batch}); expected one label per sample.");
        }

        return new SampleSet(Source, feeds, labels: labels, notes: allNotes);
    }

    private Dictionary<string, Tensor> Match(IReadOnlyList<SampleInput> inputs, List<string> notes)
    {
        string inputList = string.Join(", ", inputs.Select(i => $"'{i.Name}' {i.Type.OnnxName()}{i.Shape}"));
        string arrayList = string.Join(", ", Arrays.Select(a => $"'{a.Key}' {Describe(a.Value)}"));
        if (!Named)
        {
            if (inputs.Count != 1)
            {
                throw new MemfluxException($"{Source}: a .npy file holds one array but the model has {inputs.Count} inputs ({inputList}); save one array per input in an .npz, e.g. {SavezCall(inputs)}.");
            }

            return new(StringComparer.Ordinal) { [inputs[0].Name] = Arrays[0].Value };
        }

        var byName = Arrays.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var inputNames = inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        if (!inputs.Any(i => byName.ContainsKey(i.Name)) && Arrays.Count == inputs.Count
            && Arrays.Select((a, k) => a.Key == $"arr_{k.ToString(CultureInfo.InvariantCulture)}").All(x => x))
        {
            notes.Add($"{Source}: arrays arr_0..arr_{Arrays.Count - 1} have no input names; they fill the model's inputs in graph order ({string.Join(", ", inputs.Select(i => i.Name))}).");
            return inputs.Select((input, k) => (input.Name, Arrays[k].Value)).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        }

        var missing = inputs.Where(i => !byName.ContainsKey(i.Name)).Select(i => $"'{i.Name}'").ToList();
        var extra = Arrays.Where(a => !inputNames.Contains(a.Key)).Select(a => $"'{a.Key}'").ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            string what = missing.Count > 0 ? $"no array for input {string.Join(", ", missing)}" : $"array {string.Join(", ", extra)} matches no graph input";
            throw new MemfluxException($"{Source}: {what}; expected one array per graph input, named like it. The model's inputs: {inputList}. The file's arrays: {arrayList}.");
        }

        return byName;
    }

    private Tensor Convert(SampleInput input, Tensor array, List<string> notes)
    {
        if (array.Type == input.Type)
        {
            return array;
        }

        bool floats = array.Type.IsFloatingPoint() && input.Type.IsFloatingPoint();
        bool integers = array.Type.IsInteger() && input.Type.IsInteger();
        if (!floats && !integers)
        {
            throw new MemfluxException($"{Source}: input '{input.Name}' is {input.Type.OnnxName()} but the file's array is '{NpyDTypes.Descr(array.Type)}' ({array.Type.OnnxName()}); convert it before saving (e.g. x.astype(np.{NumPyName(input.Type)})), with any scaling the model expects.");
        }

        var result = Tensor.Zeros(input.Type, array.Shape);
        if (floats)
        {
            for (int i = 0; i < array.Length; i++)
            {
                double v = array.GetAsDouble(i);
                switch (input.Type)
                {
                    case DataType.Float32: result.AsSpan<float>()[i] = (float)v; break;
                    case DataType.Float64: result.AsSpan<double>()[i] = v; break;
                    default: result.AsSpan<Half>()[i] = (Half)v; break;
                }
            }
        }
        else
        {
            var (low, high) = Range(input.Type);
            for (int i = 0; i < array.Length; i++)
            {
                Int128 v = array.Type == DataType.UInt64 ? array.AsSpan<ulong>()[i] : array.GetAsInt64(i);
                if (v < low || v > high)
                {
                    throw new MemfluxException($"{Source}: input '{input.Name}' is {input.Type.OnnxName()} but element {i} of the file's {array.Type.OnnxName()} array is {v}, outside {low}..{high}.");
                }

                SetInteger(result, i, v);
            }
        }

        notes.Add($"{Source}: '{input.Name}' converted from the file's '{NpyDTypes.Descr(array.Type)}' ({array.Type.OnnxName()}) to the model's {input.Type.OnnxName()}.");
        return result;
    }

    private Tensor[] Split(SampleInput input, Tensor array, List<string> notes)
    {
        var want = input.Shape;
        var have = array.Shape;
        if (have.Equals(want))
        {
            return [array];
        }

        int batch = input.Batch;
        if (want.Rank >= 1 && have.Rank == want.Rank && have.Dimensions[1..].SequenceEqual(want.Dimensions[1..]))
        {
            int n = have[0];
            if (n == 0 || n % batch != 0)
            {
                throw new MemfluxException($"{Source}: input '{input.Name}': the file's array {Describe(array)} holds {n} samples, {(n == 0 ? "none" : "not a multiple of")} the model's batch {batch} (input shape {want}); {(n == 0 ? "expected at least one" : $"pass a --batch that divides {n}, or save a multiple of {batch} samples")}.");
            }

            var parts = new Tensor[n / batch];
            int bytes = want.ElementCount * input.Type.Size();
            var from = array.Bytes;
            for (int r = 0; r < parts.Length; r++)
            {
                parts[r] = Tensor.Zeros(input.Type, want);
                from.Slice(r * bytes, bytes).CopyTo(parts[r].Bytes);
            }

            return parts;
        }

        if (want.Rank >= 1 && batch == 1 && have.Rank == want.Rank - 1 && have.Dimensions.SequenceEqual(want.Dimensions[1..]))
        {
            notes.Add($"{Source}: '{input.Name}' array {Describe(array)} has no batch dimension; read as one sample of shape {want}.");
            return [array.Reshape(want)];
        }

        string expected = want.Rank == 0 ? $"exactly {want}" : $"[N,{string.Join(",", want.Dimensions[1..].ToArray())}] with N a multiple of the batch {batch} (samples along the first dimension), or exactly {want}";
        throw new MemfluxException($"{Source}: input '{input.Name}': the file's array has shape {Describe(array)} but the model's input is {want}; expected {expected}.");
    }

    private static string Describe(Tensor t) => NpyHeader.FormatShape(t.Shape.Select(d => (long)d).ToArray());

    private static (Int128 Low, Int128 High) Range(DataType type) => type switch
    {
        DataType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        DataType.Int16 => (short.MinValue, short.MaxValue),
        DataType.Int32 => (int.MinValue, int.MaxValue),
        DataType.Int64 => (long.MinValue, long.MaxValue),
        DataType.UInt8 => (0, byte.MaxValue),
        DataType.UInt16 => (0, ushort.MaxValue),
        DataType.UInt32 => (0, uint.MaxValue),
        DataType.UInt64 => (0, ulong.MaxValue),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static void SetInteger(Tensor t, int i, Int128 v)
    {
        switch (t.Type)
        {
            case DataType.Int8: t.AsSpan<sbyte>()[i] = (sbyte)v; break;
            case DataType.Int16: t.AsSpan<short>()[i] = (short)v; break;
            case DataType.Int32: t.AsSpan<int>()[i] = (int)v; break;
            case DataType.Int64: t.AsSpan<long>()[i] = (long)v; break;
            case DataType.UInt8: t.AsSpan<byte>()[i] = (byte)v; break;
            case DataType.UInt16: t.AsSpan<ushort>()[i] = (ushort)v; break;
            case DataType.UInt32: t.AsSpan<uint>()[i] = (uint)v; break;
            default: t.AsSpan<ulong>()[i] = (ulong)v; break;
        }
    }

    private static string NumPyName(DataType type) => type switch
    {
        DataType.Float16 => "float16",
        DataType.Bool => "bool_",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string SavezCall(IReadOnlyList<SampleInput> inputs) =>
        inputs.All(i => IdentifierPattern().IsMatch(i.Name))
            ? $"np.savez(path, {string.Join(", ", inputs.Select(i => $"{i.Name}=..."))})"
            : $"np.savez(path, **{{{string.Join(", ", inputs.Select(i => $"'{i.Name}': ..."))}}})";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}
