using Memflux.Graph;
using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>Maps ONNX AttributeProto to <see cref="AttributeValue"/>.</summary>
internal static class OnnxAttributeReader
{
    public static AttributeValue Read(AttributeProto a, string owner, string source, ExternalDataFiles? external = null)
    {
        var kind = a.Type;
        if (kind == AttributeProto.Types.AttributeType.Undefined)
        {
            kind = InferKind(a); // IR version 1 files may leave the type out.
        }

        return kind switch
        {
            AttributeProto.Types.AttributeType.Float => AttributeValue.Of(a.F),
            AttributeProto.Types.AttributeType.Int => AttributeValue.Of(a.I),
            AttributeProto.Types.AttributeType.String => AttributeValue.Of(a.S.ToStringUtf8()),
            AttributeProto.Types.AttributeType.Tensor => AttributeValue.Of(OnnxTensorReader.Read(a.T ?? new TensorProto(), source, external)),
            AttributeProto.Types.AttributeType.Floats => AttributeValue.Of((IReadOnlyList<float>)[.. a.Floats]),
            AttributeProto.Types.AttributeType.Ints => AttributeValue.Of((IReadOnlyList<long>)[.. a.Ints]),
            AttributeProto.Types.AttributeType.Strings => AttributeValue.Of((IReadOnlyList<string>)[.. a.Strings.Select(s => s.ToStringUtf8())]),
            _ => throw new MemfluxException($"{source}: {owner} attribute '{a.Name}' has type {a.Type}; supported: FLOAT, INT, STRING, TENSOR, FLOATS, INTS, STRINGS (graph attributes and control flow are not supported)."),
        };
    }

    private static AttributeProto.Types.AttributeType InferKind(AttributeProto a) =>
        a.Ints.Count > 0 ? AttributeProto.Types.AttributeType.Ints
        : a.Floats.Count > 0 ? AttributeProto.Types.AttributeType.Floats
        : a.Strings.Count > 0 ? AttributeProto.Types.AttributeType.Strings
        : a.T is not null ? AttributeProto.Types.AttributeType.Tensor
        : !a.S.IsEmpty ? AttributeProto.Types.AttributeType.String
        : a.F != 0 ? AttributeProto.Types.AttributeType.Float
        : AttributeProto.Types.AttributeType.Int;
}
