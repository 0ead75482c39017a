namespace Memflux.Chip.Compiler;

/// <summary>
/// A layer, or the piece of it that one chip holds when the layer has more tiles than a chip (<see cref="ChipSplitPass"/>):
/// a range of its column blocks (every row of k: the part needs the whole input and produces its columns' outputs) or,
/// when one column block's row blocks exceed a chip, a range of row blocks of one column block (the part needs its rows'
/// share of the input and produces partial sums that <see cref="PartialSumTarget"/> adds).
/// </summary>
/// <param name="Layer">The layer (index into <see cref="NetworkProfile.Layers"/>).</param>
/// <param name="Part">This part's position among the layer's parts.</param>
/// <param name="PartCount">How many parts the layer has.</param>
/// <param name="Inputs">Rows of k this part holds.</param>
/// <param name="Outputs">Columns of n this part holds.</param>
/// <param name="Tiles">Tiles of one copy of the part (groups × its row blocks × its column blocks).</param>
/// <param name="PartialSumTarget">
/// The part (index among the layer's parts) that adds this part's partial sums and produces the outputs; −1 when this
/// part produces outputs itself.
/// </param>
public sealed record LayerPart(int Layer, int Part, int PartCount, int Inputs, int Outputs, int Tiles, int PartialSumTarget)
{
    /// <summary>True when the part's outputs leave the layer (it is not a row part whose partial sums go elsewhere).</summary>
    public bool ProducesOutputs => PartialSumTarget < 0;

    /// <summary>The whole of <paramref name="shape"/> as one part of <paramref name="tiles"/> tiles.</summary>
    public static LayerPart Whole(LayerShape shape, int tiles)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new LayerPart(shape.Index, 0, 1, shape.Inputs, shape.Outputs, tiles, -1);
    }
}
