using Memflux.Numerics;

namespace Memflux.Graph;

/// <summary>The kinds of node attribute the IR carries (a subset of ONNX's AttributeProto types).</summary>
public enum AttributeKind
{
    /// <summary>One fp32 value.</summary>
    Float,

    /// <summary>One int64 value.</summary>
    Int,

    /// <summary>A UTF-8 string.</summary>
    String,

    /// <summary>A constant tensor.</summary>
    Tensor,

    /// <summary>A list of fp32 values.</summary>
    Floats,

    /// <summary>A list of int64 values.</summary>
    Ints,

    /// <summary>A list of strings.</summary>
    Strings,
}

/// <summary>One node attribute: a kind and the value of that kind.</summary>
public sealed record AttributeValue
{
    private AttributeValue(AttributeKind kind) => Kind = kind;

    /// <summary>Which of the value properties is set.</summary>
    public AttributeKind Kind { get; }

    /// <summary>Value when <see cref="Kind"/> is <see cref="AttributeKind.Float"/>.</summary>
    public float Float { get; private init; }

    /// <summary>Value when <see cref="Kind"/> is <see cref="AttributeKind.Int"/>.</summary>
    public long Int { get; private init; }

    /// <summary>Value when <see cref="Kind"/> is <see cref="AttributeKind.String"/>.</summary>
    public string String { get; private init; } = "";

    /// <summary>Value when <see cref="Kind"/> is <see cref="AttributeKind.Tensor"/>.</summary>
    public Tensor? Tensor { get; private init; }

    /// <summary>Value when <see cref="Kind"/> is <see cref="AttributeKind.Floats"/>.</summary>
    public IReadOnlyList<float> Floats { get; private init; } = [];

    /// <summary>Value when <see cref="Kind"/> is <see cref="AttributeKind.Ints"/>.</summary>
    public IReadOnlyList<long> Ints { get; private init; } = [];

    /// <summary>Value when <see cref="Kind"/> is <see cref="AttributeKind.Strings"/>.</summary>
    public IReadOnlyList<string> Strings { get; private init; } = [];

    /// <summary>A float attribute.</summary>
    public static AttributeValue Of(float value) => new(AttributeKind.Float) { Float = value };

    /// <summary>An int attribute.</summary>
    public static AttributeValue Of(long value) => new(AttributeKind.Int) { Int = value };

    /// <summary>A string attribute.</summary>
    public static AttributeValue Of(string value) => new(AttributeKind.String) { String = value };

    /// <summary>A tensor attribute.</summary>
    public static AttributeValue Of(Tensor value) => new(AttributeKind.Tensor) { Tensor = value };

    /// <summary>A float-list attribute.</summary>
    public static AttributeValue Of(IReadOnlyList<float> values) => new(AttributeKind.Floats) { Floats = values };

    /// <summary>An int-list attribute.</summary>
    public static AttributeValue Of(IReadOnlyList<long> values) => new(AttributeKind.Ints) { Ints = values };

    /// <summary>A string-list attribute.</summary>
    public static AttributeValue Of(IReadOnlyList<string> values) => new(AttributeKind.Strings) { Strings = values };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        AttributeKind.Float => Float.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        AttributeKind.Int => Int.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AttributeKind.String => $"\"{String}\"",
        AttributeKind.Tensor => Tensor!.ToString(),
        AttributeKind.Floats => "[" + string.Join(",", Floats) + "]",
        AttributeKind.Ints => "[" + string.Join(",", Ints) + "]",
        _ => "[" + string.Join(",", Strings) + "]",
    };
}
