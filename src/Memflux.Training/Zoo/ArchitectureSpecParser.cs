using Memflux.Numerics;

namespace Memflux.Training.Zoo;

/// <summary>
/// Splits an architecture spec into layers: <c>layer (('-' | ',') layer)*</c> where
/// <c>layer = name ['(' [arg (',' arg)*] ')']</c> and <c>arg = value | key '=' value</c>; whitespace is ignored.
/// Syntax only: which layers and arguments exist is <see cref="ArchitectureSpec"/>'s business.
/// </summary>
internal static class ArchitectureSpecParser
{
    /// <summary>The layers of <paramref name="spec"/>; a syntax error names the column and what was expected.</summary>
    public static List<LayerSpec> Parse(string spec)
    {
        var layers = new List<LayerSpec>();
        int i = SkipSpace(spec, 0);
        if (i == spec.Length)
        {
            throw new MemfluxException("architecture spec: the spec is empty; expected layers such as 'conv(16,3,pad=1)-relu-gap-fc(10)'.");
        }

        while (true)
        {
            layers.Add(ParseLayer(spec, ref i, layers.Count + 1));
            i = SkipSpace(spec, i);
            if (i == spec.Length)
            {
                return layers;
            }

            if (spec[i] is not ('-' or ','))
            {
                throw Error(spec, i + 1, $"expected '-' or ',' between layers, found '{spec[i]}'.");
            }

            i = SkipSpace(spec, i + 1);
            if (i == spec.Length)
            {
                throw Error(spec, i + 1, $"expected a layer after '{spec[i - 1]}', found the end of the spec.");
            }
        }
    }

    /// <summary>An error at 1-based <paramref name="column"/> of <paramref name="spec"/>, with the spec and a caret under the column.</summary>
    public static MemfluxException Error(string spec, int column, string message) =>
        new($"architecture spec, column {column}: {message}{Environment.NewLine}  {spec}{Environment.NewLine}  {new string(' ', Math.Max(0, column - 1))}^");

    private static LayerSpec ParseLayer(string spec, ref int i, int index)
    {
        int start = i;
        while (i < spec.Length && (char.IsAsciiLetterOrDigit(spec[i]) || spec[i] == '_'))
        {
            i++;
        }

        if (i == start || !char.IsAsciiLetter(spec[start]))
        {
            throw Error(spec, start + 1, $"expected a layer name (a word such as conv, fc, relu), found '{spec[start]}'.");
        }

        string kind = spec[start..i].ToLowerInvariant();
        var arguments = new List<SpecArgument>();
        int j = SkipSpace(spec, i);
        if (j < spec.Length && spec[j] == '(')
        {
            int open = j;
            i = SkipSpace(spec, j + 1);
            if (i < spec.Length && spec[i] == ')')
            {
                i++;
            }
            else
            {
                while (true)
                {
                    arguments.Add(ParseArgument(spec, ref i, open));
                    if (spec[i] == ')')
                    {
                        i++;
                        break;
                    }

                    i++; // the ','
                }
            }
        }

        string text = string.Concat(spec[start..i].Where(c => !char.IsWhiteSpace(c)));
        return new LayerSpec(kind, arguments, index, start + 1, text);
    }

    // Reads one argument up to (not past) the ',' or ')' that ends it.
    private static SpecArgument ParseArgument(string spec, ref int i, int open)
    {
        int start = SkipSpace(spec, i);
        int end = start;
        while (end < spec.Length && spec[end] is not (',' or ')' or '('))
        {
            end++;
        }

        if (end == spec.Length)
        {
            throw Error(spec, open + 1, "this '(' is never closed; expected ')' after the arguments.");
        }

        if (spec[end] == '(')
        {
            throw Error(spec, end + 1, "expected ',' or ')' inside the arguments, found '('.");
        }

        string raw = spec[start..end].Trim();
        i = end;
        if (raw.Length == 0)
        {
            throw Error(spec, start + 1, $"expected an argument, found '{spec[end]}'.");
        }

        int eq = raw.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            return new SpecArgument(null, raw, start + 1);
        }

        string key = raw[..eq].Trim().ToLowerInvariant(), value = raw[(eq + 1)..].Trim();
        if (key.Length == 0 || value.Length == 0)
        {
            throw Error(spec, start + 1, $"expected key=value, found '{raw}'.");
        }

        return new SpecArgument(key, value, start + 1);
    }

    private static int SkipSpace(string spec, int i)
    {
        while (i < spec.Length && char.IsWhiteSpace(spec[i]))
        {
            i++;
        }

        return i;
    }
}
