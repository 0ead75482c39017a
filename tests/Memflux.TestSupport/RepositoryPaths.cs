namespace Memflux.TestSupport;

/// <summary>Paths inside the repository the tests run from.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root: the first folder above the test binaries holding Memflux.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path under the repository root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Memflux.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Memflux.slnx not found above {AppContext.BaseDirectory}.");
    }
}
