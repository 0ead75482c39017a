using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Div (opsets 1–21; before 7 see <see cref="Broadcasting.Legacy"/>): C = A / B with multidirectional broadcasting, any numeric type.</summary>
public sealed class Div : Operator
{
    /// <inheritdoc />
    public override string OpType => "Div";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => Broadcasting.LegacyAttributes;

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
        [Broadcasting.InferBinary(node, inputs, legacy: true)];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        try
        {
            return [Broadcasting.Apply<DivideOperator>(node, RequireInput(node, inputs, 0), RequireInput(node, inputs, 1), legacy: true)];
        }
        catch (DivideByZeroException e)
        {
            throw new MemfluxException($"{node.Describe()}: integer division by zero (the divisor input holds a 0).", e);
        }
        catch (OverflowException e)
        {
            throw new MemfluxException($"{node.Describe()}: integer division overflows (the most negative value divided by −1).", e);
        }
    }
}
