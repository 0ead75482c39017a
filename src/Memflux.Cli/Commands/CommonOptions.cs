using System.CommandLine;
using System.Globalization;
using Memflux.Chip.Hardware;
using Memflux.Experiments;
using Memflux.Numerics;

namespace Memflux.Cli.Commands;

/// <summary>Options and arguments several verbs share.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Write the result as JSON on stdout (progress and notes go to stderr)." };

    /// <summary>
    /// The model of a verb that takes it as its argument (inspect, verify, accuracy): MODEL, or <c>--model MODEL</c> as
    /// eval, compile and estimate take it; exactly one of them.
    /// </summary>
    public static (Argument<string?> Argument, Option<string?> Option) ModelArgumentOrOption() => (
        new Argument<string?>("MODEL")
        {
            Description = $"Path to an ONNX model file, '{BundledModels.ResNet18Name}' for the bundled ResNet18, or a zoo model name ({string.Join(", ", BundledModels.ZooNames)}); or give it as --model.",
            Arity = ArgumentArity.ZeroOrOne,
        },
        new Option<string?>("--model") { Description = "The model, as the MODEL argument (the name eval, compile and estimate use)." });

    /// <summary>The model given as MODEL or <c>--model</c>; an error when neither or both are given.</summary>
    public static string GetModel(this ParseResult parse, (Argument<string?> Argument, Option<string?> Option) model) =>
        (parse.GetValue(model.Argument), parse.GetValue(model.Option)) switch
        {
            ({ } argument, null) => argument,
            (null, { } option) => option,
            (null, null) => throw new MemfluxException("MODEL: give the model as the argument or as --model."),
            ({ } argument, { } option) => throw new MemfluxException($"MODEL: given twice, as the argument ('{argument}') and as --model ('{option}'); give one."),
        };

    /// <summary>
    /// <c>--chips auto|N</c>: how many chips of the hardware make the system (overrides the spec's <c>system.chips</c>).
    /// A value that is neither <c>auto</c> nor a count in range is a parse error naming the option.
    /// </summary>
    public static Option<string?> Chips()
    {
        var option = new Option<string?>("--chips")
        {
            Description = "Chips of the --hw chip in the system: a count, or 'auto' for the fewest that hold the model (default: the spec's system.chips; 1 when it has no system section).",
        };
        option.AddCheck(v => ParseChips(v) is { } c && (c.IsAuto || c.Count is >= 1 and <= ChipSpecValidator.MaxChips)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"--chips must be 'auto' or a whole number of chips in [1, {ChipSpecValidator.MaxChips}], found '{v}'."));
        return option;
    }

    /// <summary>The chip count of a <see cref="Chips"/> value (null when not given or not a count).</summary>
    public static ChipCount? ParseChips(string? value) => value is null ? null : ChipCount.TryParse(value);

    public static Option<string?> DataDirectory() => new("--data")
    {
        Description = "Directory holding the dataset folders (mnist/, fashion-mnist/) (default: data/ of the repository around the current directory, else ./data).",
    };
}
