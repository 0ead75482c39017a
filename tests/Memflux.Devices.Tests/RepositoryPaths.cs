namespace Memflux.Devices.Tests;

/// <summary>Finds files of the repository from the test binaries.</summary>
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

    public static string ExampleCsv => Path.Combine(Root, "data", "devices", "pcm-like-example.csv");
}
