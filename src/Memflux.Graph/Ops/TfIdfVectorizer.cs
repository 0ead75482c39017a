using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX TfIdfVectorizer (opset 9) on int32 or int64 token ids, [C] or [N, C]: counts, per row, the n-grams of
/// <c>pool_int64s</c> (lengths min_gram_length to max_gram_length; tokens taken every 1 to max_skip_count + 1
/// positions, unigrams counted once) into output columns <c>ngram_indexes</c>, then applies <c>mode</c>: TF (the
/// count), IDF (the weight where the count is nonzero) or TFIDF (count × weight); without <c>weights</c> the weight
/// is 1. Output fp32 [max(ngram_indexes) + 1] or [N, that]. String pools are rejected.
/// </summary>
/// <remarks>
/// <c>ngram_counts</c>[i] is where the (i+1)-grams start in the pool; <c>weights</c>[k] is the weight of the pool's
/// k-th n-gram, so of output column ngram_indexes[k] (as in ONNX Runtime).
/// </remarks>
public sealed class TfIdfVectorizer : Operator
{
    /// <inheritdoc />
    public override string OpType => "TfIdfVectorizer";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } =
        ["max_gram_length", "max_skip_count", "min_gram_length", "mode", "ngram_counts", "ngram_indexes", "pool_int64s", "pool_strings", "weights"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var p = Resolve(node, x);
        return [new TensorInfo(DataType.Float32, OutputShape(x.Shape, p.Columns))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var p = Resolve(node, TensorInfo.Of(x));
        var y = Tensor.Zeros(DataType.Float32, OutputShape(x.Shape, p.Columns));
        int rows = x.Shape.Rank == 1 ? 1 : x.Shape[0], length = x.Shape[^1];
        var tokens = new long[length];
        var counts = new int[p.Columns];
        var output = y.Float32;
        bool narrow = x.Type == DataType.Int32;
        ReadOnlySpan<int> x32 = narrow ? x.AsSpan<int>() : default;
        ReadOnlySpan<long> x64 = narrow ? default : x.Int64;
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < length; i++)
            {
                tokens[i] = narrow ? x32[(r * length) + i] : x64[(r * length) + i];
            }

            Array.Clear(counts);
            Count(p, tokens, counts);
            var row = output.Slice(r * p.Columns, p.Columns);
            for (int c = 0; c < p.Columns; c++)
            {
                float weight = p.Weights is null ? 1f : p.Weights[c];
                row[c] = p.Mode switch
                {
                    "TF" => counts[c],
                    "IDF" => counts[c] > 0 ? weight : 0f,
                    _ => counts[c] * weight,
                };
            }
        }

        return [y];
    }

    private static TensorShape OutputShape(TensorShape x, int columns) => x.Rank == 1 ? new TensorShape(columns) : new TensorShape(x[0], columns);

    /// <summary>
    /// For each distance between taken tokens (1 to max_skip_count + 1) and start position, walks the pool's trie along
    /// the tokens and counts every pool n-gram of at least the shortest length it meets; after the first distance,
    /// unigrams are no longer counted (their count does not depend on the distance).
    /// </summary>
    private static void Count(Parameters p, long[] tokens, int[] counts)
    {
        int shortest = p.MinGram;
        for (int distance = 1; distance <= p.MaxSkip + 1; distance++)
        {
            for (int start = 0; start + (distance * (shortest - 1)) < tokens.Length; start++)
            {
                var node = p.Root;
                for (int size = 1, at = start; size <= p.MaxGram && at < tokens.Length; size++, at += distance)
                {
                    if (node.Children is null || !node.Children.TryGetValue(tokens[at], out var next))
                    {
                        break;
                    }

                    if (size >= shortest && next.Column >= 0)
                    {
                        counts[next.Column]++;
                    }

                    node = next;
                }
            }

            if (shortest == 1 && ++shortest > p.MaxGram)
            {
                break;
            }
        }
    }

    private static Parameters Resolve(Node node, TensorInfo x)
    {
        if (x.Type is not (DataType.Int32 or DataType.Int64))
        {
            throw node.Error($"input X must be Int32 or Int64 token ids; found {x.Type} (string input is not supported).");
        }

        if (x.Shape.Rank is not (1 or 2))
        {
            throw node.Error($"input X has shape {x.Shape}; expected [C] or [N, C].");
        }

        if (node.Attributes.ContainsKey("pool_strings"))
        {
            throw node.Error("attribute 'pool_strings' is not supported (strings are not a supported element type); use pool_int64s.");
        }

        string mode = node.Attributes.GetString("mode", "");
        if (mode is not ("TF" or "IDF" or "TFIDF"))
        {
            throw node.Error($"attribute 'mode' is '{mode}'; expected 'TF', 'IDF' or 'TFIDF'.");
        }

        long minGram = node.Attributes.RequireInt("min_gram_length"), maxGram = node.Attributes.RequireInt("max_gram_length");
        long maxSkip = node.Attributes.RequireInt("max_skip_count");
        if (minGram < 1 || maxGram < minGram || maxSkip < 0 || maxGram > 1024 || maxSkip > 1 << 20)
        {
            throw node.Error($"attributes min_gram_length {minGram}, max_gram_length {maxGram}, max_skip_count {maxSkip}; expected 1 ≤ min ≤ max (≤ 1024) and 0 ≤ max_skip_count.");
        }

        var pool = node.Attributes.RequireInts("pool_int64s");
        var starts = node.Attributes.RequireInts("ngram_counts");
        var indexes = node.Attributes.RequireInts("ngram_indexes");
        var root = new TrieNode();
        int k = 0;
        for (int level = 0; level < starts.Count; level++)
        {
            long begin = starts[level], end = level + 1 < starts.Count ? starts[level + 1] : pool.Count;
            int n = level + 1;
            if (begin < 0 || end < begin || end > pool.Count || (end - begin) % n != 0)
            {
                throw node.Error($"attribute 'ngram_counts' [{string.Join(", ", starts)}] does not split pool_int64s ({pool.Count} ids) into whole n-grams at level {n}.");
            }

            for (long g = begin; g < end; g += n, k++)
            {
                if (k >= indexes.Count)
                {
                    throw node.Error($"attribute 'ngram_indexes' has {indexes.Count} entries; the pool holds more n-grams.");
                }

                if (indexes[k] is < 0 or > 1 << 24)
                {
                    throw node.Error($"attribute 'ngram_indexes' holds {indexes[k]} at position {k}; expected an output column 0 to 2^24.");
                }

                var at = root;
                for (int t = 0; t < n; t++)
                {
                    at.Children ??= [];
                    if (!at.Children.TryGetValue(pool[(int)g + t], out var next))
                    {
                        next = new TrieNode();
                        at.Children.Add(pool[(int)g + t], next);
                    }

                    at = next;
                }

                at.Column = (int)indexes[k];
            }
        }

        if (k != indexes.Count)
        {
            throw node.Error($"attribute 'ngram_indexes' has {indexes.Count} entries; the pool holds {k} n-grams.");
        }

        int columns = indexes.Count == 0 ? 0 : (int)indexes.Max() + 1;
        var weights = node.Attributes.GetFloats("weights");
        float[]? columnWeights = null;
        if (weights is not null)
        {
            if (weights.Count != indexes.Count)
            {
                throw node.Error($"attribute 'weights' has {weights.Count} entries; expected one per pool n-gram ({indexes.Count}).");
            }

            columnWeights = new float[columns];
            for (int g = 0; g < indexes.Count; g++)
            {
                columnWeights[indexes[g]] = weights[g];
            }
        }

        return new Parameters(mode, (int)minGram, (int)maxGram, (int)maxSkip, columns, root, columnWeights);
    }

    private sealed record Parameters(string Mode, int MinGram, int MaxGram, int MaxSkip, int Columns, TrieNode Root, float[]? Weights);

    /// <summary>One token of a pool n-gram prefix; <see cref="Column"/> is the output column of the n-gram ending here, or −1.</summary>
    private sealed class TrieNode
    {
        public Dictionary<long, TrieNode>? Children { get; set; }

        public int Column { get; set; } = -1;
    }
}
