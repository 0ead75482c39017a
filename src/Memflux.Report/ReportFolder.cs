using Memflux.Numerics;

namespace Memflux.Report;

/// <summary>The folder a report goes to: report.html and report.json in it.</summary>
public static class ReportFolder
{
    /// <summary>The page's file name.</summary>
    public const string HtmlName = "report.html";

    /// <summary>The data's file name.</summary>
    public const string JsonName = "report.json";

    /// <summary>
    /// Checks, before a verb's work, that both files can be written in <paramref name="folder"/>: creates the folder
    /// when its parent exists (never a chain of folders: a typo should not build a tree), then lets
    /// <see cref="SafeFile.CheckTarget"/> check each file. Returns the folder's full path.
    /// </summary>
    public static string Prepare(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (folder.Length == 0)
        {
            throw new MemfluxException("--report: the folder name is empty; expected a folder for report.html and report.json.");
        }

        string full = Path.GetFullPath(folder);
        if (File.Exists(full))
        {
            throw new MemfluxException($"--report {folder}: the path is a file; expected a folder for report.html and report.json.");
        }

        if (!Directory.Exists(full))
        {
            string? parent = Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar));
            if (parent is null || !Directory.Exists(parent))
            {
                throw new MemfluxException($"--report {folder}: the folder {parent} that would hold it does not exist.");
            }

            try
            {
                Directory.CreateDirectory(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new MemfluxException($"--report {folder}: cannot create the folder ({e.Message}).", e);
            }
        }

        SafeFile.CheckTarget(Path.Combine(full, HtmlName), "the report page");
        SafeFile.CheckTarget(Path.Combine(full, JsonName), "the report data");
        return full;
    }

    /// <summary>Writes report.json (<paramref name="json"/>) and report.html (<paramref name="html"/>) into <paramref name="folder"/>; returns the page's path.</summary>
    internal static string WriteFiles(string folder, byte[] json, string html)
    {
        string full = Path.GetFullPath(folder);
        SafeFile.WriteAllBytes(Path.Combine(full, JsonName), "the report data", json);
        string page = Path.Combine(full, HtmlName);
        SafeFile.WriteAllBytes(page, "the report page", System.Text.Encoding.UTF8.GetBytes(html));
        return page;
    }
}
