using Memflux.Graph;

namespace Memflux.Chip.Compiler;

/// <summary>
/// A layer's output as a stream of rows and the window of input rows each needs (Dazzi et al., "5 Parallel Prism", IEEE
/// TC 2021: a layer of a pipelined in-memory dataflow starts as soon as the rows its window needs have arrived). A
/// convolution's output row r needs input rows up to r × stride − pad + (kernel − 1) × dilation; a token-wise MatMul or Gemm
/// (one MVM per token) needs its own token (kernel 1, stride 1).
/// </summary>
/// <param name="OutputRows">Rows (tokens) of the layer's output per image.</param>
/// <param name="InputRows">Rows (tokens) of its data input per image.</param>
/// <param name="Kernel">Input rows one output row spans (dilation included).</param>
/// <param name="Stride">Input rows between consecutive output rows.</param>
/// <param name="PadTop">Padding rows before the first input row.</param>
/// <param name="Tokens">True for a token-wise layer of a sequence model (MatMul/Gemm over [sequence, hidden]).</param>
/// <param name="WaitsForWholeInput">
/// True when the layer's data input mixes its producers' rows on the way (an activation × activation product such as
/// attention's Q·Kᵀ and probabilities·V, or a global pool): every output row then waits for all rows of its producers.
/// </param>
public sealed record RowWindow(int OutputRows, int InputRows, int Kernel, int Stride, int PadTop, bool Tokens, bool WaitsForWholeInput)
{
    /// <summary>The last input row (0-based) output row <paramref name="row"/> needs.</summary>
    public int LastInputRow(int row) =>
        WaitsForWholeInput ? InputRows - 1 : Math.Clamp((row * Stride) - PadTop + Kernel - 1, 0, InputRows - 1);

    /// <summary>
    /// The rows of <paramref name="node"/>'s output (<paramref name="vectorsPerImage"/> MVMs per image): a Conv over
    /// [N, C, H, …] streams H rows; a MatMul or Gemm with more than one vector per image streams them as tokens; anything
    /// else (one vector per image) is null. <paramref name="waitsForWholeInput"/>: see <see cref="WaitsForWholeInput"/>.
    /// </summary>
    public static RowWindow? Of(Node node, long vectorsPerImage, bool waitsForWholeInput)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.OpType == "Conv")
        {
            var input = node.InputOrNull(0)?.Shape;
            var output = node.Outputs[0].Shape;
            if (input is not { Rank: >= 3 } || output is not { Rank: >= 3 })
            {
                return null;
            }

            int inRows = checked((int)input[2]), outRows = checked((int)output[2]);
            var weight = node.InputOrNull(1)?.Shape;
            long k = node.Attributes.GetInts("kernel_shape") is { Count: > 0 } ks ? ks[0] : weight is { Rank: >= 3 } ? weight[2] : 1;
            long dilation = node.Attributes.GetInts("dilations") is { Count: > 0 } ds ? ds[0] : 1;
            long stride = node.Attributes.GetInts("strides") is { Count: > 0 } ss ? ss[0] : 1;
            long span = ((k - 1) * dilation) + 1;
            string autoPad = node.Attributes.GetString("auto_pad", "NOTSET");
            long total = Math.Max(0, ((outRows - 1) * stride) + span - inRows); // padding rows in all under SAME
            long pad = autoPad switch
            {
                "SAME_UPPER" => total / 2,
                "SAME_LOWER" => total - (total / 2),
                _ => node.Attributes.GetInts("pads") is { Count: > 0 } ps ? ps[0] : 0,
            };
            return new RowWindow(outRows, inRows, checked((int)span), checked((int)stride), checked((int)pad), Tokens: false, waitsForWholeInput);
        }

        if (node.OpType is "MatMul" or "Gemm" && vectorsPerImage > 1)
        {
            int tokens = checked((int)vectorsPerImage);
            return new RowWindow(tokens, tokens, 1, 1, 0, Tokens: true, waitsForWholeInput);
        }

        return null;
    }
}
