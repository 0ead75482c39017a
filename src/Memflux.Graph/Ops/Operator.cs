using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// An ONNX operator: validates a node, infers its output shapes, and executes it in fp32 (the reference).
/// One operator per file under Ops/; the <see cref="OperatorRegistry"/> finds them by op type.
/// </summary>
/// <remarks>
/// Implementations read attributes in every form opsets 1–21 allow (e.g. Clip bounds as attributes before
/// opset 11 and as inputs after). Forms of opsets before 7 that differ only by attributes (consumed_inputs,
/// broadcast, is_test) are errors naming the attribute. They must not keep per-node state: one instance serves every node.
/// </remarks>
public abstract class Operator
{
    /// <summary>The op type, e.g. <c>Conv</c>.</summary>
    public abstract string OpType { get; }

    /// <summary>The attributes this implementation understands; any other attribute is an error.</summary>
    public virtual IReadOnlyCollection<string> SupportedAttributes => [];

    /// <summary>Fewest inputs a node may have.</summary>
    public virtual int MinInputs => 1;

    /// <summary>Most inputs a node may have.</summary>
    public virtual int MaxInputs => 1;

    /// <summary>
    /// Output types and shapes from input infos (null for omitted optional inputs). Reads constant inputs
    /// (e.g. Reshape's shape) from <see cref="TensorInfo.Constant"/>; throws <see cref="MemfluxException"/>
    /// via <see cref="Node.Error"/> when the node is invalid.
    /// </summary>
    public abstract IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs);

    /// <summary>Computes the outputs; the input tensors must not be modified.</summary>
    public abstract Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs);

    /// <summary>
    /// True when <see cref="ExecuteInPlace"/> can write output 0 into input 0's buffer. The executor uses it only when
    /// output 0 has input 0's type and shape and no other value, constant or caller can see that buffer.
    /// </summary>
    public virtual bool SupportsInPlace => false;

    /// <summary>As <see cref="Execute"/>, but output 0 reuses (and overwrites) input 0's buffer; see <see cref="SupportsInPlace"/>.</summary>
    public virtual Tensor[] ExecuteInPlace(Node node, IReadOnlyList<Tensor?> inputs) =>
        throw new NotSupportedException($"{OpType} does not run in place.");

    /// <summary>Multiply-accumulates one execution performs (0 for data movement and cheap elementwise ops).</summary>
    public virtual long CountMacs(Node node) => 0;

    /// <summary>Checks attribute names and input count; called by the shape inference pass before <see cref="InferOutputs"/>.</summary>
    public void Validate(Node node)
    {
        foreach (string name in node.Attributes.Keys)
        {
            if (!SupportedAttributes.Contains(name))
            {
                string supported = SupportedAttributes.Count == 0 ? "none" : string.Join(", ", SupportedAttributes.Order(StringComparer.Ordinal));
                throw node.Error($"attribute '{name}' is not supported (supported: {supported}).");
            }
        }

        if (node.Inputs.Count < MinInputs || node.Inputs.Count > MaxInputs)
        {
            string expected = MinInputs == MaxInputs ? $"{MinInputs}" : $"{MinInputs} to {MaxInputs}";
            throw node.Error($"expected {expected} inputs, found {node.Inputs.Count}.");
        }
    }

    /// <summary>The input at <paramref name="index"/>, which must be present.</summary>
    protected static TensorInfo RequireInput(Node node, IReadOnlyList<TensorInfo?> inputs, int index) =>
        (index < inputs.Count ? inputs[index] : null) ?? throw node.Error($"input {index} is required but missing.");

    /// <summary>The tensor at <paramref name="index"/>, which must be present.</summary>
    protected static Tensor RequireInput(Node node, IReadOnlyList<Tensor?> inputs, int index) =>
        (index < inputs.Count ? inputs[index] : null) ?? throw node.Error($"input {index} is required but missing.");
}
