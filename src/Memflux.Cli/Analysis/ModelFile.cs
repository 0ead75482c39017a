using Memflux.Numerics;

namespace Memflux.Cli.Analysis;

/// <summary>Reads a model file's bytes with errors that name the path.</summary>
internal static class ModelFile
{
    public static byte[] Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MemfluxException($"{Path.GetFullPath(path)}: model file not found.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MemfluxException($"{path}: cannot read the file ({e.Message}).", e);
        }
    }
}
