using System.Globalization;
using System.Text;

namespace Memflux.Cli.Infrastructure;

/// <summary>
/// Text that may come from an input file (op types, names, field values, in error messages and tables) made safe to
/// print: control characters (terminal escape sequences among them) and bidirectional overrides are shown as
/// <c>\u001B</c>-style escapes, and each line is cut to <see cref="MaxLineChars"/> characters, the message to
/// <see cref="MaxLines"/> lines, each cut saying how much it left out (issue 18 §6).
/// </summary>
internal static class UntrustedText
{
    /// <summary>The longest line printed, in characters.</summary>
    public const int MaxLineChars = 8000;

    /// <summary>The most lines of one message printed.</summary>
    public const int MaxLines = 200;

    /// <summary><paramref name="text"/> escaped and cut (see the class).</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] lines = text.Split('\n');
        var result = new StringBuilder();
        for (int i = 0; i < Math.Min(lines.Length, MaxLines); i++)
        {
            if (i > 0)
            {
                result.Append('\n');
            }

            string line = lines[i];
            int keep = Math.Min(line.Length, MaxLineChars);
            foreach (char c in line.AsSpan(0, keep))
            {
                if (IsUnsafe(c))
                {
                    result.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                }
                else
                {
                    result.Append(c);
                }
            }

            if (line.Length > keep)
            {
                result.Append(CultureInfo.InvariantCulture, $"… [{line.Length - keep} more characters]");
            }
        }

        if (lines.Length > MaxLines)
        {
            result.Append(CultureInfo.InvariantCulture, $"\n… [{lines.Length - MaxLines} more lines]");
        }

        return result.ToString();
    }

    private static bool IsUnsafe(char c) =>
        (char.IsControl(c) && c != '\t' && c != '\r')
        || c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
