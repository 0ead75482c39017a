using Memflux.TestSupport;
namespace Memflux.Cli.Tests;

/// <summary>
/// Golden-file assertions. Files live in tests/Memflux.Cli.Tests/Snapshots/ and are copied next to the test binary.
/// Set MEMFLUX_UPDATE_SNAPSHOTS=1 to rewrite them in the source tree from the current output (then review the diff).
/// </summary>
internal static class Snapshot
{
    public const string UpdateVariable = "MEMFLUX_UPDATE_SNAPSHOTS";

    public static void Matches(string name, string actual)
    {
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(Path.Combine(SourceDirectory(), name), actual.ReplaceLineEndings("\n"));
            return;
        }

        string path = Path.Combine(AppContext.BaseDirectory, "Snapshots", name);
        Assert.True(File.Exists(path), $"Snapshot {name} does not exist; run the tests with {UpdateVariable}=1 to create it.");
        // Exact comparison, except that line endings are normalized (help text uses the platform's newline).
        string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        actual = actual.ReplaceLineEndings("\n");
        Assert.True(
            expected == actual,
            $"Output differs from snapshot {name}; if the change is intended, run the tests with {UpdateVariable}=1 and review the diff.\n--- expected\n{expected}\n--- actual\n{actual}");
    }

    private static string SourceDirectory() => RepositoryPaths.Combine("tests", "Memflux.Cli.Tests", "Snapshots");
}
