namespace Memflux.Graph.Ops;

/// <summary>The <c>axes</c> of Squeeze, Unsqueeze and ReduceX-style ops: an attribute before opset 13, a constant input 1 from 13.</summary>
internal static class AxesInput
{
    /// <summary>The axes as given (not normalized), or null when absent.</summary>
    public static long[]? Read(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var attribute = node.Attributes.GetInts("axes");
        if (node.Opset < 13)
        {
            if (inputs.Count > 1)
            {
                throw node.Error($"before opset 13 axes is an attribute; found {inputs.Count} inputs, expected 1.");
            }

            return attribute?.ToArray();
        }

        if (attribute is not null)
        {
            throw node.Error("from opset 13 axes is input 1, not an attribute.");
        }

        return OperatorInputs.ConstantIntsOrNull(node, inputs, 1, "axes");
    }
}
