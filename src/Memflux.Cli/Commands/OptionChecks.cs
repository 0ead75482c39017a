using System.CommandLine;
using System.CommandLine.Parsing;

namespace Memflux.Cli.Commands;

/// <summary>
/// Range checks on option values. System.CommandLine runs an option's validators before it converts the value, and
/// <see cref="OptionResult.GetValueOrDefault{T}"/> throws when the token does not convert (<c>--seeds 1.5</c>), outside
/// the CLI's error handling: a crash with a stack trace. These checks run only on a value that converted; a token that
/// does not is left to the parser, whose own error ("Cannot parse argument '1.5' for option '--seeds' ...") is exit 2.
/// Every check on an option's value goes through here; only validators that read the raw tokens of a string option
/// (<see cref="ModelShapeOptions"/>' --shape and --dim) and never convert are written by hand.
/// </summary>
internal static class OptionChecks
{
    /// <summary>Adds <paramref name="check"/>, which returns an error message for a bad value or null for a good one.</summary>
    public static void AddCheck<T>(this Option<T> option, Func<T, string?> check) => option.Validators.Add(r =>
    {
        if (TryGetValue(r, out T value) && check(value) is { } error)
        {
            r.AddError(error);
        }
    });

    /// <summary>The value must be at least 1: "--NAME must be at least 1."</summary>
    public static void AddAtLeastOne(this Option<int> option) =>
        option.AddCheck(v => v < 1 ? AtLeastOne(option) : null);

    /// <summary>The value, when given, must be at least 1: "--NAME must be at least 1."</summary>
    public static void AddAtLeastOne(this Option<int?> option) =>
        option.AddCheck(v => v is < 1 ? AtLeastOne(option) : null);

    /// <summary>
    /// The value must lie in [<paramref name="min"/>, <paramref name="max"/>]: "--NAME must be between MIN and MAX (WHY).".
    /// For counts that size allocations, so that a huge value is a clear refusal rather than an allocation failure.
    /// </summary>
    public static void AddBetween(this Option<int> option, int min, int max, string why) =>
        option.AddCheck(v => v < min || v > max ? $"{option.Name} must be between {min} and {max} ({why})." : null);

    /// <summary>The limit on <c>--seeds</c>: every seed is a chip programmed and evaluated at every time.</summary>
    public static void AddSeedCount(this Option<int> option) =>
        option.AddBetween(1, MaxSeeds, "each seed is a chip programmed and evaluated at every time");

    /// <summary>The most chips (<c>--seeds</c>) one evaluation programs.</summary>
    public const int MaxSeeds = 10_000;

    private static string AtLeastOne(Option option) => $"{option.Name} must be at least 1.";

    private static bool TryGetValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // The token did not convert. Converting recorded the parser's error on the result already, so the parse
            // fails with that message; there is nothing to check.
            value = default!;
            return false;
        }
    }
}
