using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Shrink (opset 9+): y = x &lt; −lambd ? x + bias : x &gt; lambd ? x − bias : 0, with lambd 0.5 and bias 0 by
/// default, for every numeric type.
/// </summary>
/// <remarks>
/// As in ONNX Runtime, the comparison and the sum are fp32 for every type (fp64 included), and the result is converted
/// back to the input type (<see cref="ElementConversion"/>: truncation toward zero for integers).
/// </remarks>
public sealed class Shrink : ElementwiseNumberOperator
{
    /// <inheritdoc />
    public override string OpType => "Shrink";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["bias", "lambd"];

    /// <inheritdoc />
    protected override void Compute(Node node, Tensor x, Tensor destination)
    {
        var visitor = new Visitor(x, destination, node.Attributes.GetFloat("lambd", 0.5f), node.Attributes.GetFloat("bias", 0f));
        x.Type.VisitNumber<Visitor, bool>(ref visitor);
    }

    private readonly struct Visitor(Tensor x, Tensor destination, float lambd, float bias) : INumberVisitor<bool>
    {
        public bool Visit<T>()
            where T : unmanaged, INumber<T>
        {
            ReadOnlySpan<T> source = x.AsSpan<T>();
            Span<T> target = destination.AsSpan<T>();
            for (int i = 0; i < target.Length; i++)
            {
                float v = ElementConversion.Convert<T, float>(source[i]);
                target[i] = v < -lambd ? ElementConversion.Convert<float, T>(v + bias)
                    : v > lambd ? ElementConversion.Convert<float, T>(v - bias)
                    : T.Zero;
            }

            return true;
        }
    }
}
