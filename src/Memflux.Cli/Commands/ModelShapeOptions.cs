using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Memflux.Graph.Passes;
using Memflux.Onnx;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>--batch N</c>, <c>--shape NAME=1x128</c> and <c>--dim NAME=VALUE</c>: how a verb that imports a model fixes the
/// dimensions the file leaves symbolic (see <see cref="ImportOptions.InputShapes"/> for the rules). A static dimension
/// is kept unless <c>--shape</c> (or, for the first dimension, <c>--batch</c>) says otherwise.
/// </summary>
internal sealed class ModelShapeOptions
{
    private readonly Option<string[]> _shape = new("--shape")
    {
        Description = "A graph input's whole shape, NAME=D1xD2x... (repeatable), e.g. --shape input_ids=1x128.",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<string[]> _dim = new("--dim")
    {
        Description = "The value of a symbolic dimension for every input that uses it, NAME=VALUE (repeatable), e.g. --dim batch=1 --dim sequence=128.",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>Adds the options to <paramref name="command"/>; <paramref name="batch"/> is the verb's own --batch, if it has one.</summary>
    public ModelShapeOptions(Command command, Option<int?>? batch = null)
    {
        Batch = batch;
        _shape.Validators.Add(r => Validate(r, "--shape", ParseShape));
        _dim.Validators.Add(r => Validate(r, "--dim", ParseDim));
        command.Options.Add(_shape);
        command.Options.Add(_dim);
    }

    /// <summary>The verb's --batch option, if it has one.</summary>
    public Option<int?>? Batch { get; }

    /// <summary>True when the command line has --shape or --dim.</summary>
    public bool AnyGiven(ParseResult parse) => parse.GetValue(_shape) is { Length: > 0 } || parse.GetValue(_dim) is { Length: > 0 };

    /// <summary>
    /// Import options from the command line: <c>--batch</c> when given replaces the first dimension of every input
    /// (static or not); otherwise a symbolic first dimension is <paramref name="defaultBatch"/> when that is set.
    /// </summary>
    public ImportOptions ToImportOptions(ParseResult parse, PassPipeline pipeline, int? defaultBatch = 1)
    {
        int? batch = Batch is null ? null : parse.GetValue(Batch);
        return new ImportOptions
        {
            BatchSize = batch ?? defaultBatch,
            OverrideStaticBatch = batch is not null,
            InputShapes = (parse.GetValue(_shape) ?? []).Select(s => ParseShape(s, out _)!.Value).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            Dimensions = (parse.GetValue(_dim) ?? []).Select(s => ParseDim(s, out _)!.Value).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            Pipeline = pipeline,
        };
    }

    private static void Validate<T>(OptionResult r, string option, ParseItem<T> parse)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in r.Tokens)
        {
            if (parse(token.Value, out string? error) is not { } item)
            {
                r.AddError($"{option} {token.Value}: {error}");
            }
            else if (!names.Add(item.Key))
            {
                r.AddError($"{option} names '{item.Key}' twice.");
            }
        }
    }

    private delegate KeyValuePair<string, T>? ParseItem<T>(string text, out string? error);

    /// <summary>NAME=D1xD2x... (an empty list is a scalar); dimensions are integers ≥ 1.</summary>
    private static KeyValuePair<string, int[]>? ParseShape(string text, out string? error)
    {
        if (!SplitName(text, "NAME=D1xD2x...", out string name, out string value, out error))
        {
            return null;
        }

        var parts = value.Length == 0 ? [] : value.Split('x', ',');
        var dims = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) || dims[i] < 1)
            {
                error = $"dimension '{parts[i]}' is not an integer >= 1 (expected NAME=D1xD2x..., e.g. input_ids=1x128).";
                return null;
            }
        }

        return new(name, dims);
    }

    /// <summary>NAME=VALUE with VALUE an integer ≥ 1.</summary>
    private static KeyValuePair<string, int>? ParseDim(string text, out string? error)
    {
        if (!SplitName(text, "NAME=VALUE", out string name, out string value, out error))
        {
            return null;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
        {
            error = $"value '{value}' is not an integer >= 1 (expected NAME=VALUE, e.g. sequence=128).";
            return null;
        }

        return new(name, n);
    }

    private static bool SplitName(string text, string form, out string name, out string value, out string? error)
    {
        int eq = text.LastIndexOf('=');
        name = eq > 0 ? text[..eq] : "";
        value = eq > 0 ? text[(eq + 1)..] : "";
        error = eq > 0 ? null : $"expected {form}.";
        return eq > 0;
    }
}
