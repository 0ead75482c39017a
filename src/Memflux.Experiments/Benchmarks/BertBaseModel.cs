using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Experiments;

/// <summary>The sizes of a BERT-style encoder (defaults: BERT-base at sequence 128).</summary>
/// <param name="Layers">Encoder layers.</param>
/// <param name="Hidden">Hidden size.</param>
/// <param name="Heads">Attention heads (Hidden must divide by it).</param>
/// <param name="FeedForward">Inner size of each layer's feed-forward block.</param>
/// <param name="Vocabulary">Rows of the token embedding, which the output head shares.</param>
/// <param name="Sequence">Tokens per input (static; batch 1).</param>
internal sealed record BertShape(int Layers = 12, int Hidden = 768, int Heads = 12, int FeedForward = 3072, int Vocabulary = 30522, int Sequence = 128)
{
    /// <summary>Weights of the model <see cref="BertBaseModel.Build"/> makes for this shape.</summary>
    public long WeightCount =>
        ((long)Vocabulary * Hidden) + ((long)Sequence * Hidden) + (2L * Hidden)
        + (Layers * ((4L * Hidden * Hidden) + (4L * Hidden) + (2L * Hidden * FeedForward) + FeedForward + Hidden + (4L * Hidden)));
}

/// <summary>
/// A BERT-base-shaped encoder with a masked-language-model head, as a test and benchmark model for import time and
/// memory: token embedding (Gather) plus learned positions, LayerNormalization, then per layer multi-head attention
/// (MatMul Q/K/V, Reshape/Transpose to heads, MatMul, Div by √d, Softmax, MatMul, output projection), residual +
/// LayerNormalization, and a feed-forward block with GELU written with Erf (x·½·(1 + erf(x/√2)), the form PyTorch
/// exports at opsets below 20, where ONNX has no Gelu), residual + LayerNormalization; the head is a Gemm with
/// transB = 1 against the token embedding (tied, as BERT's decoder is), giving logits [Sequence, Vocabulary]. At the
/// default shape: 108.5 M fp32 weights, 434 MB. Weights are seeded uniform values of BERT's initializer scale (0.02).
/// </summary>
internal static class BertBaseModel
{
    private const float InitScale = 0.02f;

    /// <summary>[1, s, heads, d] → [1, heads, s, d] (and back: the permutation is its own inverse).</summary>
    private static readonly int[] ToHeads = [0, 2, 1, 3];

    /// <summary>[1, s, heads, d] → [1, heads, d, s]: keys transposed for Q·Kᵀ.</summary>
    private static readonly int[] ToHeadsTransposed = [0, 2, 3, 1];

    /// <summary>Builds the graph (opset 17, input <c>input_ids</c> int64 [1, Sequence], output <c>logits</c>).</summary>
    public static ComputeGraph Build(BertShape shape, int seed)
    {
        if (shape.Hidden % shape.Heads != 0)
        {
            throw new MemfluxException($"hidden size {shape.Hidden} does not divide into {shape.Heads} heads.");
        }

        var b = new Builder(new ComputeGraph("bert", 17), seed);
        int s = shape.Sequence, h = shape.Hidden, heads = shape.Heads, d = h / heads;
        var ids = b.Graph.AddValue(new Value("input_ids", DataType.Int64, new TensorShape(1, s)));
        b.Graph.Inputs.Add(ids);
        var embedding = b.Weight("embeddings.word", shape.Vocabulary, h);
        var x = b.Node("Gather", "embeddings.gather", [embedding, ids]);
        x = b.Node("Add", "embeddings.add_position", [x, b.Weight("embeddings.position", s, h)]);
        x = b.LayerNorm("embeddings.norm", x, h);
        var toHeads = b.Shape("shape.heads", 1, s, heads, d);
        var toHidden = b.Shape("shape.hidden", 1, s, h);
        var scale = b.Graph.AddValue(new Value("attention.scale", constant: Tensor.Scalar(MathF.Sqrt(d))));
        for (int l = 0; l < shape.Layers; l++)
        {
            string p = $"layer{l}";
            var q = b.Node("Transpose", $"{p}.q.heads", [b.Node("Reshape", $"{p}.q.reshape", [b.Linear($"{p}.q", x, h, h), toHeads])], ("perm", ToHeads));
            var k = b.Node("Transpose", $"{p}.k.heads", [b.Node("Reshape", $"{p}.k.reshape", [b.Linear($"{p}.k", x, h, h), toHeads])], ("perm", ToHeadsTransposed));
            var v = b.Node("Transpose", $"{p}.v.heads", [b.Node("Reshape", $"{p}.v.reshape", [b.Linear($"{p}.v", x, h, h), toHeads])], ("perm", ToHeads));
            var scores = b.Node("Div", $"{p}.scores.scale", [b.Node("MatMul", $"{p}.scores", [q, k]), scale]);
            var probs = b.Node("Softmax", $"{p}.softmax", [scores], ("axis", -1));
            var context = b.Node("Transpose", $"{p}.context.merge", [b.Node("MatMul", $"{p}.context", [probs, v])], ("perm", ToHeads));
            context = b.Node("Reshape", $"{p}.context.reshape", [context, toHidden]);
            var attention = b.Linear($"{p}.attention.output", context, h, h);
            x = b.LayerNorm($"{p}.attention.norm", b.Node("Add", $"{p}.attention.residual", [x, attention]), h);
            var inner = b.Gelu($"{p}.ffn.gelu", b.Linear($"{p}.ffn.in", x, h, shape.FeedForward));
            var ffn = b.Linear($"{p}.ffn.out", inner, shape.FeedForward, h);
            x = b.LayerNorm($"{p}.ffn.norm", b.Node("Add", $"{p}.ffn.residual", [x, ffn]), h);
        }

        var flat = b.Node("Reshape", "head.flatten", [x, b.Shape("shape.tokens", s, h)]);
        var logits = b.Graph.AddValue(new Value("logits"));
        b.Graph.AddNode(new Node("Gemm", "head.decoder", [flat, embedding], [logits], new Dictionary<string, AttributeValue> { ["transB"] = AttributeValue.Of(1L) }, 17));
        b.Graph.Outputs.Add(logits);
        return b.Graph;
    }

    /// <summary>Builds the model for <paramref name="shape"/> and writes it; with <paramref name="externalData"/>, every weight goes to a side file.</summary>
    public static void Write(string path, BertShape shape, int seed, bool externalData) =>
        OnnxExporter.Save(Build(shape, seed), path, new OnnxExportOptions { ExternalDataThreshold = externalData ? 1024 : null });

    private sealed class Builder(ComputeGraph graph, int seed)
    {
        private readonly Random _random = new(seed);

        public ComputeGraph Graph => graph;

        public Value Weight(string name, params int[] dims)
        {
            var data = new float[new TensorShape(dims).ElementCount];
            float range = InitScale * MathF.Sqrt(3); // uniform with BERT's standard deviation
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = ((2 * _random.NextSingle()) - 1) * range;
            }

            return graph.AddValue(new Value(name, constant: Tensor.FromFloat32(data, new TensorShape(dims))));
        }

        public Value Constant(string name, float value, int length)
        {
            var data = new float[length];
            Array.Fill(data, value);
            return graph.AddValue(new Value(name, constant: Tensor.FromFloat32(data, new TensorShape(length))));
        }

        public Value Shape(string name, params long[] dims) => graph.AddValue(new Value(name, constant: Tensor.Vector(dims)));

        public Value Node(string opType, string name, Value[] inputs, params (string Name, object Value)[] attributes)
        {
            var output = graph.AddValue(new Value(name));
            var map = attributes.ToDictionary(
                a => a.Name,
                a => a.Value switch
                {
                    int[] ints => AttributeValue.Of(ints.Select(i => (long)i).ToArray()),
                    int i => AttributeValue.Of((long)i),
                    float f => AttributeValue.Of(f),
                    _ => throw new ArgumentException($"attribute {a.Name}: {a.Value.GetType()}"),
                },
                StringComparer.Ordinal);
            graph.AddNode(new Node(opType, name, inputs, [output], map, graph.Opset));
            return output;
        }

        public Value Linear(string name, Value x, int inputs, int outputs) =>
            Node("Add", $"{name}.bias", [Node("MatMul", $"{name}.matmul", [x, Weight($"{name}.weight", inputs, outputs)]), Weight($"{name}.b", outputs)]);

        public Value LayerNorm(string name, Value x, int hidden) =>
            Node("LayerNormalization", name, [x, Constant($"{name}.scale", 1, hidden), Constant($"{name}.bias", 0, hidden)], ("axis", -1), ("epsilon", 1e-12f));

        public Value Gelu(string name, Value x)
        {
            var erf = Node("Erf", $"{name}.erf", [Node("Div", $"{name}.div", [x, Scalar($"{name}.sqrt2", MathF.Sqrt(2))])]);
            var onePlus = Node("Add", $"{name}.add", [erf, Scalar($"{name}.one", 1)]);
            return Node("Mul", $"{name}.mul_half", [Node("Mul", $"{name}.mul", [x, onePlus]), Scalar($"{name}.half", 0.5f)]);
        }

        private Value Scalar(string name, float value) => graph.AddValue(new Value(name, constant: Tensor.Scalar(value)));
    }
}
