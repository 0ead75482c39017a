using Memflux.Numerics;

namespace Memflux.TestSupport;

/// <summary>
/// A transformer-like block for analog evaluation tests: token and position embeddings (Gather of int64 ids), q/k/v
/// projections (MatMul by constant weights, which go on crossbars), scores q·kᵀ (activation × activation), a mask bias
/// from an fp32 mask [batch, sequence] (1 keeps a token, 0 hides it), Softmax → output <c>probs</c> [batch, sequence,
/// sequence], and the context probs·v (activation × activation) → output <c>context</c> [batch, sequence, width].
/// </summary>
public static class AttentionModel
{
    /// <summary>Token ids run over 0..<see cref="Vocabulary"/>−1.</summary>
    public const int Vocabulary = 11;

    /// <summary>The embedding width (q/k/v are Width × Width).</summary>
    public const int Width = 8;

    /// <summary>Tokens per sequence; positions run over 0..Sequence−1.</summary>
    public const int Sequence = 5;

    /// <summary>The model with inputs <c>ids</c>, <c>positions</c> (int64) and <c>mask</c> (fp32), all [batch, Sequence].</summary>
    public static byte[] Build(int batch = 2) => new OnnxModelBuilder(opset: 17)
        .Input("ids", [batch, Sequence], DataType.Int64)
        .Input("positions", [batch, Sequence], DataType.Int64)
        .Input("mask", [batch, Sequence])
        .Initializer("tokens", RandomTensors.Uniform(1, [Vocabulary, Width]))
        .Initializer("places", RandomTensors.Uniform(2, [Sequence, Width], -0.3f, 0.3f))
        .Initializer("wq", RandomTensors.Uniform(3, [Width, Width], -0.5f, 0.5f))
        .Initializer("wk", RandomTensors.Uniform(4, [Width, Width], -0.5f, 0.5f))
        .Initializer("wv", RandomTensors.Uniform(5, [Width, Width], -0.5f, 0.5f))
        .Initializer("axes", Tensor.Vector(1))
        .Initializer("one", Tensor.FromFloat32([1f], new TensorShape(1)))
        .Initializer("hide", Tensor.FromFloat32([-1e4f], new TensorShape(1)))
        .Node("Gather", ["tokens", "ids"], ["te"])
        .Node("Gather", ["places", "positions"], ["pe"])
        .Node("Add", ["te", "pe"], ["h"])
        .Node("MatMul", ["h", "wq"], ["q"])
        .Node("MatMul", ["h", "wk"], ["k"])
        .Node("MatMul", ["h", "wv"], ["v"])
        .Node("Transpose", ["k"], ["kt"], ("perm", new long[] { 0, 2, 1 }))
        .Node("MatMul", ["q", "kt"], ["scores"])
        .Node("Unsqueeze", ["mask", "axes"], ["m"])
        .Node("Sub", ["one", "m"], ["hidden"])
        .Node("Mul", ["hidden", "hide"], ["bias"])
        .Node("Add", ["scores", "bias"], ["masked"])
        .Node("Softmax", ["masked"], ["probs"], ("axis", -1L))
        .Node("MatMul", ["probs", "v"], ["context"])
        .Output("probs")
        .Output("context")
        .Build();

    /// <summary>
    /// <paramref name="samples"/> sequences: random token ids (seeded), positions 0..Sequence−1, and a mask that hides
    /// the last token of every second sequence.
    /// </summary>
    public static (Tensor Ids, Tensor Positions, Tensor Mask) Inputs(int samples, int seed)
    {
        var ids = RandomTensors.UniformInt64(seed, [samples, Sequence], 0, Vocabulary);
        long[] positions = [.. Enumerable.Range(0, samples * Sequence).Select(i => (long)(i % Sequence))];
        float[] mask = [.. Enumerable.Range(0, samples * Sequence).Select(i => i % Sequence == Sequence - 1 && i / Sequence % 2 == 1 ? 0f : 1f)];
        return (ids, Tensor.FromInt64(positions, new TensorShape(samples, Sequence)), Tensor.FromFloat32(mask, new TensorShape(samples, Sequence)));
    }
}
