using System.Collections;
using Memflux.Numerics;

namespace Memflux.Graph;

/// <summary>A node's attributes with typed accessors that fail with the node's name on a kind mismatch.</summary>
public sealed class AttributeMap : IReadOnlyDictionary<string, AttributeValue>
{
    private readonly Node _node;
    private readonly Dictionary<string, AttributeValue> _values;

    internal AttributeMap(Node node, IReadOnlyDictionary<string, AttributeValue> values)
    {
        _node = node;
        _values = new Dictionary<string, AttributeValue>(values, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<AttributeValue> Values => _values.Values;

    /// <inheritdoc />
    public AttributeValue this[string key] => _values[key];

    /// <summary>Int attribute, or <paramref name="defaultValue"/> when absent.</summary>
    public long GetInt(string name, long defaultValue) => TryGet(name, AttributeKind.Int)?.Int ?? defaultValue;

    /// <summary>Float attribute, or <paramref name="defaultValue"/> when absent.</summary>
    public float GetFloat(string name, float defaultValue) => TryGet(name, AttributeKind.Float)?.Float ?? defaultValue;

    /// <summary>String attribute, or <paramref name="defaultValue"/> when absent.</summary>
    public string GetString(string name, string defaultValue) => TryGet(name, AttributeKind.String)?.String ?? defaultValue;

    /// <summary>Int-list attribute, or null when absent.</summary>
    public IReadOnlyList<long>? GetInts(string name) => TryGet(name, AttributeKind.Ints)?.Ints;

    /// <summary>Float-list attribute, or null when absent.</summary>
    public IReadOnlyList<float>? GetFloats(string name) => TryGet(name, AttributeKind.Floats)?.Floats;

    /// <summary>String-list attribute, or null when absent.</summary>
    public IReadOnlyList<string>? GetStrings(string name) => TryGet(name, AttributeKind.Strings)?.Strings;

    /// <summary>Tensor attribute, or null when absent.</summary>
    public Tensor? GetTensor(string name) => TryGet(name, AttributeKind.Tensor)?.Tensor;

    /// <summary>Required int attribute.</summary>
    public long RequireInt(string name) => Require(name, AttributeKind.Int).Int;

    /// <summary>Required int-list attribute.</summary>
    public IReadOnlyList<long> RequireInts(string name) => Require(name, AttributeKind.Ints).Ints;

    /// <summary>Sets or replaces an attribute (used by passes).</summary>
    public void Set(string name, AttributeValue value) => _values[name] = value;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out AttributeValue value) => _values.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, AttributeValue>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private AttributeValue? TryGet(string name, AttributeKind kind)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.Kind != kind)
        {
            throw _node.Error($"attribute '{name}' should be {kind}, found {value.Kind}.");
        }

        return value;
    }

    private AttributeValue Require(string name, AttributeKind kind) =>
        TryGet(name, kind) ?? throw _node.Error($"required attribute '{name}' ({kind}) is missing.");
}
