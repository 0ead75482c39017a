using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using Memflux.Cli.Infrastructure;
using Memflux.Report;

namespace Memflux.Cli.Reporting;

/// <summary>
/// <c>--report DIR</c>, the same on every verb that writes a report: the option, the folder check before the work, the
/// header (model hash, settings given, version, the command) and the write.
/// </summary>
internal static class ReportOutput
{
    /// <summary>The option's help text, one for every verb.</summary>
    public const string Description = "Write report.html (plots, self-contained, opens offline) and report.json (every figure in it) to this folder; it is created when its parent exists.";

    /// <summary>A new <c>--report</c> option (<paramref name="defaultFolder"/>: the folder without the option, or none).</summary>
    public static Option<string?> Option(string? defaultFolder = null)
    {
        var option = new Option<string?>("--report") { Description = Description, HelpName = "DIR" };
        if (defaultFolder is not null)
        {
            option.DefaultValueFactory = _ => defaultFolder;
        }

        return option;
    }

    /// <summary>Checks the folder before the work (<see cref="ReportFolder.Prepare"/>); null when no report is asked.</summary>
    public static string? Prepare(string? folder) => folder is null ? null : ReportFolder.Prepare(folder);

    /// <summary>The header: model and its SHA-256, presets, every option given on the command line, seeds, version, command.</summary>
    public static ReportHeader Header(ParseResult parse, string model, string? modelFile, string? chip, string? device, IEnumerable<ReportSetting> derived, IReadOnlyList<ulong> seeds)
    {
        var settings = new List<ReportSetting>();
        foreach (var result in parse.CommandResult.Children.OfType<OptionResult>().Where(r => !r.Implicit && r.Option.Name is not "--report" and not "--json"))
        {
            settings.Add(new ReportSetting(result.Option.Name, result.Tokens.Count == 0 ? "on" : string.Join(" ", result.Tokens.Select(t => t.Value))));
        }

        settings.AddRange(derived);
        var (version, commit) = Version();
        string command = "memflux " + string.Join(" ", parse.Tokens.Select(t => Quote(t.Value)));
        return new ReportHeader(parse.CommandResult.Command.Name, model, modelFile is null ? "unknown" : Sha256(modelFile), chip, device, settings, seeds, version, commit, command, null);
    }

    /// <summary>Writes the report and notes where and how long it took.</summary>
    public static void Write(CliContext context, ReportModel model, string folder)
    {
        var start = Stopwatch.GetTimestamp();
        string page = context.Step("Writing the report", _ => ReportWriter.Write(model, folder));
        context.Note(string.Create(CultureInfo.InvariantCulture, $"report: {page} ({Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s)"));
    }

    /// <summary>Memflux's version and commit, from the assembly's informational version ("1.0.0+sha").</summary>
    public static (string Version, string Commit) Version()
    {
        string info = typeof(ReportOutput).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        int plus = info.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? (info, "unknown") : (info[..plus], info[(plus + 1)..]);
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string Quote(string token) =>
        token.Length > 0 && token.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal)) ? token : "'" + token.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
