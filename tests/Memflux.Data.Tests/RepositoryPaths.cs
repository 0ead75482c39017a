namespace Memflux.Data.Tests;

/// <summary>Finds the repository's data/ folder from the test binaries.</summary>
internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Memflux.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No Memflux.slnx above {AppContext.BaseDirectory}.");
        }
    }

    public static string Data(string name) => Path.Combine(Root, "data", name);
}
