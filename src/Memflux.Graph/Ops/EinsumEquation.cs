using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// A parsed Einsum equation: every operand's dimensions as labels (letters a–z, A–Z as 0–51; the dimensions an
/// ellipsis stands for as <see cref="EllipsisLabel"/> + k; ONNX needs every ellipsis to stand for the same number
/// of dimensions, and they broadcast), the output's labels, and each label's size.
/// </summary>
internal sealed class EinsumEquation
{
    /// <summary>The label of the first (outermost) broadcast dimension an ellipsis stands for.</summary>
    public const int EllipsisLabel = 100;

    private EinsumEquation(int[][] inputs, int[] output, Dictionary<int, int> sizes)
    {
        Inputs = inputs;
        Output = output;
        Sizes = sizes;
    }

    /// <summary>The labels of each operand's dimensions, in order (a label may repeat: a diagonal).</summary>
    public int[][] Inputs { get; }

    /// <summary>The labels of the output's dimensions.</summary>
    public int[] Output { get; }

    /// <summary>The size of each label: equal across operands, except that a broadcast (ellipsis) size 1 yields.</summary>
    public Dictionary<int, int> Sizes { get; }

    /// <summary>The output shape.</summary>
    public TensorShape OutputShape => new([.. Output.Select(l => Sizes[l])]);

    /// <summary>Parses <paramref name="equation"/> (spaces ignored) against the operand shapes.</summary>
    public static EinsumEquation Parse(Node node, string equation, IReadOnlyList<TensorShape> shapes)
    {
        string text = equation.Replace(" ", "", StringComparison.Ordinal);
        string[] sides = text.Split("->");
        if (sides.Length > 2)
        {
            throw node.Error($"equation \"{equation}\" has more than one '->'.");
        }

        string[] terms = sides[0].Split(',');
        if (terms.Length != shapes.Count)
        {
            throw node.Error($"equation \"{equation}\" has {terms.Length} operand terms but the node has {shapes.Count} inputs.");
        }

        var parsed = new List<(int[] Letters, int EllipsisAt)>();
        int ellipsisRank = -1, ellipsisInput = -1;
        for (int i = 0; i < terms.Length; i++)
        {
            var (letters, at) = ParseTerm(node, equation, terms[i]);
            int rank = shapes[i].Rank;
            if (at < 0 ? letters.Length != rank : letters.Length > rank)
            {
                throw node.Error($"term \"{terms[i]}\" of equation \"{equation}\" does not fit input {i} of shape {shapes[i]} (rank {rank}).");
            }

            // ONNX (unlike numpy) needs every '...' to stand for the same number of dimensions; they broadcast.
            if (at >= 0 && ellipsisRank >= 0 && rank - letters.Length != ellipsisRank)
            {
                throw node.Error($"in equation \"{equation}\" '...' stands for {ellipsisRank} dimensions in input {ellipsisInput} and {rank - letters.Length} in input {i}; ONNX needs the same number.");
            }

            if (at >= 0)
            {
                ellipsisRank = rank - letters.Length;
                ellipsisInput = i;
            }

            parsed.Add((letters, at));
        }

        ellipsisRank = Math.Max(ellipsisRank, 0);
        var inputs = new int[terms.Length][];
        var sizes = new Dictionary<int, int>();
        for (int i = 0; i < terms.Length; i++)
        {
            var (letters, at) = parsed[i];
            int broadcast = at < 0 ? 0 : shapes[i].Rank - letters.Length;
            int[] labels = at < 0
                ? letters
                : [.. letters[..at], .. Enumerable.Range(EllipsisLabel + ellipsisRank - broadcast, broadcast), .. letters[at..]];
            for (int d = 0; d < labels.Length; d++)
            {
                int size = shapes[i][d];
                if (!sizes.TryGetValue(labels[d], out int known) || known == 1 && labels[d] >= EllipsisLabel)
                {
                    sizes[labels[d]] = size;
                }
                else if (known != size && !(size == 1 && labels[d] >= EllipsisLabel))
                {
                    throw node.Error($"dimension '{Name(labels[d])}' of equation \"{equation}\" is {known} in one operand and {size} in input {i} of shape {shapes[i]}.");
                }
            }

            inputs[i] = labels;
        }

        int[] output;
        int[] ellipsis = [.. Enumerable.Range(EllipsisLabel, ellipsisRank)];
        if (sides.Length == 2)
        {
            var (letters, at) = ParseTerm(node, equation, sides[1]);
            if (at < 0 && ellipsisRank > 0 && parsed.Any(p => p.EllipsisAt >= 0))
            {
                throw node.Error($"equation \"{equation}\" uses '...' in an operand but not in the output.");
            }

            output = at < 0 ? letters : [.. letters[..at], .. ellipsis, .. letters[at..]];
            foreach (int label in letters)
            {
                if (!sizes.ContainsKey(label))
                {
                    throw node.Error($"output label '{Name(label)}' of equation \"{equation}\" appears in no operand.");
                }

                if (letters.Count(l => l == label) > 1)
                {
                    throw node.Error($"output label '{Name(label)}' of equation \"{equation}\" appears more than once.");
                }
            }
        }
        else
        {
            // Implicit output: the broadcast dimensions, then the letters that appear once, in alphabetical (ASCII) order.
            var once = inputs.SelectMany(l => l).Where(l => l < EllipsisLabel).GroupBy(l => l).Where(g => g.Count() == 1).Select(g => g.Key);
            output = [.. ellipsis, .. once.OrderBy(l => Name(l)[0])];
        }

        return new EinsumEquation(inputs, output, sizes);
    }

    /// <summary>The letter of a label (or "…k" for a broadcast dimension).</summary>
    public static string Name(int label) =>
        label >= EllipsisLabel ? $"...{label - EllipsisLabel}" : label < 26 ? ((char)('a' + label)).ToString() : ((char)('A' + label - 26)).ToString();

    private static (int[] Letters, int EllipsisAt) ParseTerm(Node node, string equation, string term)
    {
        var letters = new List<int>();
        int at = -1;
        for (int i = 0; i < term.Length; i++)
        {
            char c = term[i];
            if (c == '.')
            {
                if (at >= 0 || i + 2 >= term.Length || term[i + 1] != '.' || term[i + 2] != '.')
                {
                    throw node.Error($"term \"{term}\" of equation \"{equation}\" has a '.' that is not one '...'.");
                }

                at = letters.Count;
                i += 2;
            }
            else if (c is >= 'a' and <= 'z')
            {
                letters.Add(c - 'a');
            }
            else if (c is >= 'A' and <= 'Z')
            {
                letters.Add(26 + c - 'A');
            }
            else
            {
                throw node.Error($"equation \"{equation}\" has the character '{c}'; labels are letters a-z, A-Z and '...'.");
            }
        }

        return ([.. letters], at);
    }
}
