namespace Memflux.Graph.Ops;

/// <summary>
/// The <c>axes</c> of Squeeze, Unsqueeze and the ReduceX ops: an attribute before the opset where it became a constant
/// input 1 (13 for Squeeze, Unsqueeze and ReduceSum, 18 for the other reductions).
/// </summary>
internal static class AxesInput
{
    /// <summary>The axes as given (not normalized), or null when absent; input 1 from opset 13.</summary>
    public static long[]? Read(Node node, IReadOnlyList<TensorInfo?> inputs) => Read(node, inputs, 13);

    /// <summary>The axes as given (not normalized), or null when absent; input 1 from opset <paramref name="inputFromOpset"/>.</summary>
    public static long[]? Read(Node node, IReadOnlyList<TensorInfo?> inputs, int inputFromOpset)
    {
        var attribute = node.Attributes.GetInts("axes");
        if (node.Opset < inputFromOpset)
        {
            if (inputs.Count > 1)
            {
                throw node.Error($"before opset {inputFromOpset} axes is an attribute; found {inputs.Count} inputs, expected 1.");
            }

            return attribute?.ToArray();
        }

        if (attribute is not null)
        {
            throw node.Error($"from opset {inputFromOpset} axes is input 1, not an attribute.");
        }

        return OperatorInputs.ConstantIntsOrNull(node, inputs, 1, "axes");
    }
}
