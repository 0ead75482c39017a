using Memflux.Numerics;

namespace Memflux.Operators.Tests;

/// <summary>TfIdfVectorizer (opset 9) on token ids against ONNX Runtime: gram lengths, skips, the three modes, weights.</summary>
public class TfIdfVectorizerTests
{
    // Unigrams 1, 2, 4; bigrams (1 2), (2 2), (3 1), (4 4); trigrams (1 2 3), (2 1 2).
    private static readonly long[] Pool = [1, 2, 4, 1, 2, 2, 2, 3, 1, 4, 4, 1, 2, 3, 2, 1, 2];
    private static readonly long[] Starts = [0, 3, 11];

    [Theory]
    [InlineData(DataType.Int64, new[] { 2, 12 }, "TF", 1L, 1L, 0L)]
    [InlineData(DataType.Int32, new[] { 3, 10 }, "TF", 1L, 2L, 2L)]
    [InlineData(DataType.Int64, new[] { 17 }, "TF", 2L, 2L, 0L)]
    [InlineData(DataType.Int32, new[] { 2, 15 }, "TF", 2L, 3L, 3L)]
    [InlineData(DataType.Int64, new[] { 4, 9 }, "TF", 1L, 3L, 1L)]
    [InlineData(DataType.Int32, new[] { 20 }, "IDF", 1L, 2L, 1L)]
    [InlineData(DataType.Int64, new[] { 2, 11 }, "TFIDF", 1L, 3L, 2L)]
    [InlineData(DataType.Int64, new[] { 2, 1 }, "TF", 1L, 2L, 5L)]
    [InlineData(DataType.Int64, new[] { 3, 3 }, "TF", 3L, 3L, 4L)]
    public void Matches_ort(DataType type, int[] dims, string mode, long minGram, long maxGram, long maxSkip)
    {
        var x = TypedTensors.Random(type, (int)(minGram + (maxGram * 3) + (maxSkip * 7)), dims);
        for (int i = 0; i < x.Length; i++)
        {
            long token = Math.Abs((long)x.GetAsDouble(i)) % 5;
            if (type == DataType.Int32)
            {
                x.AsSpan<int>()[i] = (int)token;
            }
            else
            {
                x.Int64[i] = token;
            }
        }

        var node = new NodeCase("TfIdfVectorizer", 9).In(x).Attr("mode", mode).Attr("min_gram_length", minGram).Attr("max_gram_length", maxGram)
            .Attr("max_skip_count", maxSkip).Attr("pool_int64s", Pool).Attr("ngram_counts", Starts).Attr("ngram_indexes", new long[] { 5, 0, 8, 1, 2, 3, 4, 6, 7 });
        if (mode != "TF")
        {
            node.Attr("weights", new[] { 0.5f, 1.5f, 2f, 0.25f, 3f, 1f, 4f, 0.75f, 2.5f });
        }

        node.Out(DataType.Float32).MatchesOrt();
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var x = Tensor.FromInt64([1, 2, 3], new TensorShape(3));
        Node(x, "TF", [0, 2]).Attr("pool_int64s", new long[] { 1, 2, 3 }).Out(DataType.Float32).ImportFails("'ngram_counts' [0, 2] does not split pool_int64s (3 ids) into whole n-grams at level 2");
        Node(x, "IDF", [0]).Attr("pool_int64s", new long[] { 1, 2 }).Attr("weights", new[] { 1f }).Out(DataType.Float32).ImportFails("'weights' has 1 entries; expected one per pool n-gram (2)");
        Node(x, "BM25", [0]).Attr("pool_int64s", new long[] { 1, 2 }).Out(DataType.Float32).ImportFails("'mode' is 'BM25'");
        Node(x, "TF", [0]).Attr("pool_int64s", new long[] { 1, 2, 3 }).Out(DataType.Float32).ImportFails("'ngram_indexes' has 2 entries; the pool holds more n-grams");
        new NodeCase("TfIdfVectorizer", 9).In(TypedTensors.Random(DataType.Float32, 1, [3])).Attr("mode", "TF").Attr("min_gram_length", 1L).Attr("max_gram_length", 1L)
            .Attr("max_skip_count", 0L).Attr("pool_int64s", new long[] { 1 }).Attr("ngram_counts", new long[] { 0 }).Attr("ngram_indexes", new long[] { 0 })
            .Out(DataType.Float32).ImportFails("must be Int32 or Int64 token ids; found Float32");
    }

    private static NodeCase Node(Tensor x, string mode, long[] starts) =>
        new NodeCase("TfIdfVectorizer", 9).In(x).Attr("mode", mode).Attr("min_gram_length", 1L).Attr("max_gram_length", 2L).Attr("max_skip_count", 0L)
            .Attr("ngram_counts", starts).Attr("ngram_indexes", new long[] { 0, 1 });
}
