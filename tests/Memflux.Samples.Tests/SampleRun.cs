using System.Globalization;
using System.Reflection;

namespace Memflux.Samples.Tests;

/// <summary>Runs a sample program's entry point in-process and returns what it printed.</summary>
internal static class SampleRun
{
    private static readonly Lock ConsoleLock = new();

    /// <summary>Runs the program in assembly <paramref name="assembly"/> with <paramref name="args"/>; its stdout.</summary>
    public static string Run(string assembly, params string[] args)
    {
        var entry = Assembly.Load(assembly).EntryPoint ?? throw new InvalidOperationException($"{assembly} has no entry point");
        lock (ConsoleLock)
        {
            var previous = Console.Out;
            using var output = new StringWriter(CultureInfo.InvariantCulture);
            Console.SetOut(output);
            try
            {
                entry.Invoke(null, [args]);
            }
            finally
            {
                Console.SetOut(previous);
            }

            return output.ToString();
        }
    }

    /// <summary>The lines of <paramref name="output"/> that start with <paramref name="prefix"/> (after leading spaces).</summary>
    public static string[] Lines(string output, string prefix) =>
        [.. output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.TrimStart().StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>The whitespace-separated fields of <paramref name="line"/>.</summary>
    public static string[] Fields(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Parses an invariant-culture number.</summary>
    public static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
