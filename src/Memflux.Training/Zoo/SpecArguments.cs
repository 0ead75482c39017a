using System.Globalization;
using Memflux.Numerics;

namespace Memflux.Training.Zoo;

/// <summary>
/// The arguments of one spec layer bound to its signature: positional arguments fill the names in order, named ones
/// go where they say. Every mistake (too many, unknown, duplicate, missing, wrong type or range) is an error naming
/// the layer, the argument and what was expected.
/// </summary>
internal sealed class SpecArguments
{
    private readonly Dictionary<string, SpecArgument> _values = new(StringComparer.Ordinal);
    private readonly string _spec;
    private readonly LayerSpec _layer;

    private SpecArguments(string spec, LayerSpec layer)
    {
        _spec = spec;
        _layer = layer;
    }

    /// <summary>Binds <paramref name="layer"/>'s arguments to <paramref name="signature"/>.</summary>
    public static SpecArguments Bind(string spec, LayerSpec layer, LayerSignature signature)
    {
        var bound = new SpecArguments(spec, layer);
        int positional = 0;
        bool named = false;
        foreach (var argument in layer.Arguments)
        {
            string name;
            if (argument.Key is null)
            {
                if (named)
                {
                    throw bound.Error(argument, $"positional argument '{argument.Value}' after a named one; expected {signature}.");
                }

                if (positional >= signature.Names.Length)
                {
                    throw bound.Error(argument, signature.Names.Length == 0
                        ? $"takes no arguments, found '{argument.Value}'; expected {signature}."
                        : $"takes at most {signature.Names.Length} argument(s), found {layer.Arguments.Count}; expected {signature}.");
                }

                name = signature.Names[positional++];
            }
            else
            {
                named = true;
                name = argument.Key;
                if (!signature.Names.Contains(name, StringComparer.Ordinal))
                {
                    throw bound.Error(argument, $"has no argument '{name}'; expected {signature}.");
                }
            }

            if (!bound._values.TryAdd(name, argument))
            {
                throw bound.Error(argument, $"argument '{name}' is given twice; expected {signature}.");
            }
        }

        foreach (string name in signature.Names.Take(signature.Required))
        {
            if (!bound._values.ContainsKey(name))
            {
                throw layer.Error(spec, $"missing argument '{name}'; expected {signature}.");
            }
        }

        return bound;
    }

    /// <summary>True when <paramref name="name"/> was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The integer <paramref name="name"/> (or <paramref name="fallback"/> when absent), at least <paramref name="minimum"/>.</summary>
    public int Int(string name, int fallback, int minimum)
    {
        if (!_values.TryGetValue(name, out var argument))
        {
            return fallback;
        }

        if (!int.TryParse(argument.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < minimum)
        {
            throw Error(argument, $"argument '{name}' must be an integer ≥ {minimum}, found '{argument.Value}'.");
        }

        return value;
    }

    /// <summary>The finite number <paramref name="name"/> (or <paramref name="fallback"/>), checked by <paramref name="valid"/>.</summary>
    public float Float(string name, float fallback, Func<float, bool> valid, string expected)
    {
        if (!_values.TryGetValue(name, out var argument))
        {
            return fallback;
        }

        if (!float.TryParse(argument.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value) || !valid(value))
        {
            throw Error(argument, $"argument '{name}' must be {expected}, found '{argument.Value}'.");
        }

        return value;
    }

    /// <summary>The boolean <paramref name="name"/> (<c>true</c>/<c>false</c>), or <paramref name="fallback"/>.</summary>
    public bool Bool(string name, bool fallback)
    {
        if (!_values.TryGetValue(name, out var argument))
        {
            return fallback;
        }

        return argument.Value.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw Error(argument, $"argument '{name}' must be true or false, found '{argument.Value}'."),
        };
    }

    private MemfluxException Error(SpecArgument argument, string message) =>
        ArchitectureSpecParser.Error(_spec, argument.Column, $"{_layer.Describe()}: {message}");
}

/// <summary>The arguments a layer kind takes: names in positional order, the first <see cref="Required"/> of them required.</summary>
/// <param name="Kind">The layer name.</param>
/// <param name="Names">The argument names in positional order.</param>
/// <param name="Required">How many leading names must be given.</param>
/// <param name="Defaults">The defaults of the optional names, for messages (e.g. <c>stride=1</c>).</param>
internal sealed record LayerSignature(string Kind, string[] Names, int Required, string[] Defaults)
{
    /// <summary>"conv(out, k, stride=1, pad=0, groups=1, bias=true)".</summary>
    public override string ToString() => Names.Length == 0 ? Kind : $"{Kind}({string.Join(", ", Names.Take(Required).Concat(Defaults))})";
}
