using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Cast (opset 6+): the input converted to the element type named by the attribute <c>to</c>, between any two of
/// fp16, fp32, fp64, int8..int64, uint8..uint64 and bool, with <see cref="ElementConversion"/>'s rules (float →
/// integer truncates toward zero; NaN and out-of-range values as ONNX Runtime gives them on x86-64).
/// </summary>
/// <remarks>
/// The attribute <c>saturate</c> (opset 19+) governs conversions to the 8-bit float types only, which Memflux does not
/// represent: its default, 1, changes nothing here, and 0 is an error, as in ONNX Runtime; before opset 19 it is an error.
/// </remarks>
public sealed class Cast : Operator
{
    /// <inheritdoc />
    public override string OpType => "Cast";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["to", "saturate"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        CheckSaturate(node);
        if (!node.Attributes.ContainsKey("to"))
        {
            throw node.Error("attribute 'to' (the target element type) is required.");
        }

        return [new TensorInfo(OnnxElementTypes.FromAttribute(node, node.Attributes.RequireInt("to"), "to"), x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [ElementConversion.To(x, OnnxElementTypes.FromAttribute(node, node.Attributes.RequireInt("to"), "to"))];
    }

    /// <summary>Refuses <c>saturate</c> before opset 19 and any value but its default, 1 (0 applies only to 8-bit float targets).</summary>
    internal static void CheckSaturate(Node node)
    {
        if (!node.Attributes.ContainsKey("saturate"))
        {
            return;
        }

        if (node.Opset < 19)
        {
            throw node.Error("attribute 'saturate' exists from opset 19 (it governs conversions to 8-bit floats).");
        }

        long saturate = node.Attributes.GetInt("saturate", 1);
        if (saturate != 1)
        {
            throw node.Error($"attribute 'saturate' = {saturate} is not supported: it applies only to casts to 8-bit float types, which Memflux does not represent (expected 1, the default).");
        }
    }
}
