using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.Text.RegularExpressions;
using Memflux.Cli.Infrastructure;

namespace Memflux.Cli.Tests;

/// <summary>
/// Every option of every verb answers a value that does not convert to its type with the parser's own error (exit 2, the
/// option named, no stack trace), before any verb does work. The cases come from the command tree the CLI builds, so a
/// new verb or option is covered without editing this file.
/// </summary>
public class BadOptionValueTests
{
    /// <summary>Values that no parser for the type accepts, by the option's element type.</summary>
    private static readonly Dictionary<Type, string[]> BadValues = new()
    {
        [typeof(int)] = ["abc", "1.5", "2147483648", "-2147483649", "1e3", ""],
        [typeof(long)] = ["abc", "1.5", "9223372036854775808", ""],
        [typeof(ulong)] = ["abc", "1.5", "-1", "18446744073709551616", ""],
        [typeof(float)] = ["abc", "1.5.2", "0x10", ""],
        [typeof(double)] = ["abc", "1.5.2", "0x10", ""],
    };

    /// <summary>
    /// Types for which every token converts. Of these only string options with fixed choices or a check on their text
    /// fail during parsing; the others' values are the verbs' to check (their own tests).
    /// </summary>
    private static readonly HashSet<Type> AnyTokenConverts = [typeof(string), typeof(bool)];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (at, command) in Commands(Root(), []))
        {
            foreach (var option in TakingValues(command))
            {
                // The root runs nothing itself; its (recursive) options are tried on a verb.
                string[] path = command is RootCommand ? ["inspect"] : at;
                Type type = ElementType(option.ValueType);
                if (type == typeof(string) && (option.Validators.Count > 0 || option.GetCompletions(CompletionContext.Empty).Any()))
                {
                    // A string option with fixed choices (AcceptOnlyFromAmong) or a check on its text.
                    data.Add(string.Join(" ", path), option.Name, "no-such-value");
                    data.Add(string.Join(" ", path), option.Name, "");
                }

                if (AnyTokenConverts.Contains(type))
                {
                    continue;
                }

                Assert.True(BadValues.ContainsKey(type), $"{string.Join(" ", path)} {option.Name}: add bad values for {type} to {nameof(BadValues)}.");
                foreach (string value in BadValues[type])
                {
                    data.Add(string.Join(" ", path), option.Name, value);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_value_that_does_not_parse_is_a_parse_error(string verb, string option, string value)
    {
        var command = Find(verb);
        string[] args = [.. verb.Split(' ', StringSplitOptions.RemoveEmptyEntries), .. RequiredValues(command, option), option, value];
        CliResult result;
        try
        {
            result = Cli.Run(args);
        }
        catch (Exception e)
        {
            Assert.Fail($"memflux {Quote(args)} threw {e.GetType().Name}: {e.Message}");
            return;
        }

        string[] errors = result.Err.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToArray();
        Assert.True(result.ExitCode == ExitCodes.UserError, $"memflux {Quote(args)}\n{result}");
        Assert.True(errors.Length == 1 && Names(errors[0], option), $"memflux {Quote(args)}: one error naming {option} expected\n{result}");
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void The_walk_reaches_every_verb_and_the_options_that_crashed()
    {
        var commands = Commands(Root(), []).ToList();
        var verbs = commands.Select(c => string.Join(" ", c.Path)).ToHashSet();
        Assert.Superset(new HashSet<string> { "run", "inspect", "verify", "bench", "train", "accuracy", "eval", "hw show", "hw validate", "compile", "estimate", "dev bert-base", "sweep", "sweep slurm", "sweep merge", "sweep report" }, verbs);

        // Positional arguments are all strings (or lists of them), which every token converts to; a typed one needs cases here.
        foreach (var (path, command) in commands)
        {
            Assert.All(command.Arguments, a => Assert.True(a.ValueType == typeof(string) || a.ValueType == typeof(string[]), $"{string.Join(" ", path)} {a.Name}: {a.ValueType}"));
        }

        // These crashed with exit 134 and a stack trace before OptionChecks (issue 18).
        var cases = Cases().Select(row => $"{row[0]} {row[1]}").ToHashSet();
        Assert.Superset(
            new HashSet<string>
            {
                "run --seeds", "run --limit", "inspect --batch", "verify --batch", "verify --tolerance", "verify --resize",
                "train --epochs", "train --batch-size", "train --lr", "accuracy --batch-size", "eval --seeds", "eval --batch-size",
                "eval --limit", "eval --batch", "estimate --batch", "dev bert-base --layers",
            },
            cases);
    }

    [Theory]
    [InlineData("run --seeds 0", "--seeds must be between 1 and 10000 (each seed is a chip programmed and evaluated at every time).")]
    [InlineData("run --seeds 2000000000", "--seeds must be between 1 and 10000")]
    [InlineData("run --limit 0", "--limit must be at least 1.")]
    [InlineData("inspect mnist-mlp --batch 0", "--batch must be at least 1.")]
    [InlineData("verify mnist-mlp --batch 0", "--batch must be at least 1.")]
    [InlineData("verify mnist-mlp --tolerance -1", "--tolerance must be a finite number >= 0.")]
    [InlineData("verify mnist-mlp --tolerance Infinity", "--tolerance must be a finite number >= 0.")]
    [InlineData("verify mnist-mlp --tolerance NaN", "--tolerance must be a finite number >= 0.")]
    [InlineData("verify mnist-mlp --inputs x.npy --resize 0", "--resize must be at least 1.")]
    [InlineData("accuracy mnist-mlp --dataset mnist --batch-size 0", "--batch-size must be at least 1.")]
    [InlineData("eval --model mnist-mlp --dataset mnist --seeds 0", "--seeds must be between 1 and 10000")]
    [InlineData("eval --model mnist-mlp --dataset mnist --seeds 2000000000", "--seeds must be between 1 and 10000")]
    [InlineData("eval --model mnist-mlp --dataset mnist --batch-size -3", "--batch-size must be at least 1.")]
    [InlineData("eval --model mnist-mlp --dataset mnist --limit 0", "--limit must be at least 1.")]
    [InlineData("eval --model mnist-mlp --inputs x.npy --batch 0", "--batch must be at least 1.")]
    [InlineData("train --model mnist-mlp --dataset mnist -o x.onnx --epochs 0", "--epochs must be at least 1.")]
    [InlineData("train --model mnist-mlp --dataset mnist -o x.onnx --batch-size 0", "--batch-size must be at least 1.")]
    [InlineData("train --model mnist-mlp --dataset mnist -o x.onnx --lr 0", "--lr must be a positive number.")]
    [InlineData("train --model mnist-mlp --dataset mnist -o x.onnx --lr -Infinity", "--lr must be a positive number.")]
    [InlineData("estimate --model mnist-mlp --batch 0", "--batch must be at least 1.")]
    [InlineData("bench --model mnist-mlp --batch 0", "--batch must be at least 1.")]
    [InlineData("bench --model mnist-mlp --inputs x.npy --resize 0", "--resize must be at least 1.")]
    [InlineData("dev bert-base x.onnx --layers 0", "--layers must be at least 1.")]
    public void A_value_that_converts_but_is_out_of_range_gets_the_verbs_message(string line, string message)
    {
        var result = Cli.Run(line.Split(' '));
        Assert.True(result.ExitCode == ExitCodes.UserError, result.ToString());
        Assert.Contains($"error: {message}", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    /// <summary>True when <paramref name="line"/> names <paramref name="option"/> itself (not --batch-size for --batch).</summary>
    private static bool Names(string line, string option) =>
        Regex.IsMatch(line, $@"(?<![-\w]){Regex.Escape(option)}(?![-\w])", RegexOptions.CultureInvariant);

    private static RootCommand Root() =>
        Program.CreateRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, CliServices.Default), new Option<bool>("--verbose"));

    private static Command Find(string verb)
    {
        Command command = Root();
        foreach (string name in verb.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            command = command.Subcommands.Single(c => c.Name == name);
        }

        return command;
    }

    private static IEnumerable<(string[] Path, Command Command)> Commands(Command command, string[] path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands)
        {
            foreach (var item in Commands(sub, [.. path, sub.Name]))
            {
                yield return item;
            }
        }
    }

    private static IEnumerable<Option> TakingValues(Command command) =>
        command.Options.Where(o => o is not HelpOption and not VersionOption && o.ValueType != typeof(bool));

    private static Type ElementType(Type type) =>
        type.IsArray ? ElementType(type.GetElementType()!) : Nullable.GetUnderlyingType(type) ?? type;

    /// <summary>
    /// Valid values for the command's required arguments and options other than <paramref name="except"/>, so that the
    /// only error is the one under test: the first completion (AcceptOnlyFromAmong) or a token of the right type. The
    /// reader options (--resize, --mean, ...) apply only with --inputs, and the verb's check of that runs before the
    /// options' own, so --inputs is given too (parsing fails before anything reads it).
    /// </summary>
    private static IEnumerable<string> RequiredValues(Command command, string except)
    {
        if (except != "--inputs" && command.Options.Any(o => o.Name == "--inputs"))
        {
            yield return "--inputs";
            yield return "x.npy";
        }

        foreach (var argument in command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0))
        {
            yield return Valid(argument.GetCompletions(CompletionContext.Empty), argument.ValueType);
        }

        foreach (var option in command.Options.Where(o => o.Required && o.Name != except))
        {
            yield return option.Name;
            yield return Valid(option.GetCompletions(CompletionContext.Empty), option.ValueType);
        }
    }

    private static string Valid(IEnumerable<CompletionItem> completions, Type type) =>
        completions.FirstOrDefault()?.Label ?? (ElementType(type) == typeof(string) ? "x" : "1");

    private static string Quote(string[] args) => string.Join(" ", args.Select(a => a.Length == 0 || a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
}
