using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Experiments;

/// <summary>Reads a model file's bytes with errors that name the path.</summary>
internal static class ModelFile
{
    /// <summary>
    /// Imports <paramref name="path"/> from the file (weights read once, straight into their tensors; external data
    /// from next to it), with the same error as <see cref="Read"/> when the file does not exist.
    /// </summary>
    public static ComputeGraph Import(string path, ImportOptions? options)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new MemfluxException($"{Path.GetFullPath(path)}: model file not found.");
        }

        return OnnxImporter.Load(path, options);
    }

    /// <summary>
    /// <paramref name="path"/> after the checks of <see cref="Read"/> (it exists, is a regular file, fits one protobuf
    /// message), for a caller that reads it in pieces.
    /// </summary>
    public static string Existing(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new MemfluxException($"{Path.GetFullPath(path)}: model file not found.");
        }

        BoundedFile.Check(path, "ONNX model", Array.MaxLength);
        return path;
    }

    public static byte[] Read(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new MemfluxException($"{Path.GetFullPath(path)}: model file not found.");
        }

        // Protobuf caps a message at 2 GB; larger models keep their weights in external data, read by the importer.
        return BoundedFile.ReadAllBytes(path, "ONNX model", Array.MaxLength);
    }
}
