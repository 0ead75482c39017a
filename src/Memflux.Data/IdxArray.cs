namespace Memflux.Data;

/// <summary>The content of one IDX file of unsigned bytes: its dimensions (outermost first) and its data, row-major.</summary>
/// <param name="Source">Where the array was read from, for error messages.</param>
/// <param name="Dimensions">The dimensions from the header, each positive.</param>
/// <param name="Data">The elements; its length is the product of <paramref name="Dimensions"/>.</param>
public sealed record IdxArray(string Source, IReadOnlyList<int> Dimensions, byte[] Data)
{
    /// <summary>Number of dimensions (1 for labels, 3 for images).</summary>
    public int Rank => Dimensions.Count;

    /// <summary>The outermost dimension: the number of items.</summary>
    public int Count => Dimensions[0];
}
