using Memflux.Numerics;

namespace Memflux.Experiments;

/// <summary>
/// Where <c>memflux train</c> finds datasets. Rule: <c>--data DIR</c> when given; otherwise the <c>data/</c> folder of
/// the repository that holds the current directory (walking up to the first directory with <c>Memflux.slnx</c>); when no
/// such directory exists, <c>data/</c> in the current directory if it exists, else the test splits that travel with the
/// tool (<c>data/</c> next to the binary: the installed .NET tool runs from any folder). A dataset lives in
/// <c>DIR/&lt;name&gt;/</c> (e.g. <c>data/mnist/</c>) as IDX files.
/// </summary>
internal static class DataDirectory
{
    /// <summary>The data root for <paramref name="explicitDirectory"/> (null: the rule above) starting from <paramref name="currentDirectory"/>.</summary>
    public static string Resolve(string? explicitDirectory, string currentDirectory)
    {
        if (explicitDirectory is not null)
        {
            return Path.GetFullPath(explicitDirectory, currentDirectory);
        }

        for (var dir = new DirectoryInfo(currentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Memflux.slnx")))
            {
                return Path.Combine(dir.FullName, "data");
            }
        }

        string local = Path.Combine(currentDirectory, "data");
        string bundled = Path.Combine(AppContext.BaseDirectory, "data");
        return Directory.Exists(local) || !Directory.Exists(bundled) ? local : bundled;
    }

    /// <summary>The folder of <paramref name="dataset"/> under <paramref name="root"/>; a user error naming the path when it is missing.</summary>
    public static string Dataset(string root, string dataset, bool explicitRoot)
    {
        string path = Path.Combine(root, dataset);
        if (!Directory.Exists(path))
        {
            string how = explicitRoot ? "--data" : "the data directory (the repository's data/, or ./data outside a repository)";
            throw new MemfluxException($"{path}: dataset directory not found; {how} must hold {dataset}/ with the IDX files (train-images-idx3-ubyte[.gz] etc.). Pass --data DIR to use another place.");
        }

        return path;
    }
}
