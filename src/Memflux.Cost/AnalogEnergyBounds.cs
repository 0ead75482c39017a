namespace Memflux.Cost;

/// <summary>
/// The analog front end's energy per inference (DAC row drives, array reads, ADC conversions) counted two ways, so a
/// user sees how much of a tile's worst case a layout actually pays: <see cref="UsedCellsJ"/> charges the rows that carry
/// an input and the columns converted (all columns of a tile when the chip does not gate unused columns' ADCs), at full
/// pulse width; <see cref="WholeTilesJ"/> charges every row, the whole array and every column of each tile an MVM uses.
/// Both are data-independent: inputs are taken at full scale (the longest pulse, every bit one).
/// </summary>
/// <param name="UsedCellsJ">DAC + array + ADC energy per inference of the cells in use, in J (the sum of the <c>dac</c>, <c>array</c> and <c>adc</c> components).</param>
/// <param name="WholeTilesJ">DAC + array + ADC energy per inference if every tile used ran whole, in J.</param>
public sealed record AnalogEnergyBounds(double UsedCellsJ, double WholeTilesJ)
{
    /// <summary>Used-cell energy as a fraction of the whole-tile worst case.</summary>
    public double UsedFraction => WholeTilesJ > 0 ? UsedCellsJ / WholeTilesJ : 0;

    internal static AnalogEnergyBounds Of(LayerWorkload[][] work)
    {
        double used = 0, whole = 0;
        foreach (var chip in work)
        {
            foreach (var w in chip)
            {
                used += w.DacPj + w.ArrayPj + w.AdcPj;
                whole += w.WholeTilePj;
            }
        }

        return new AnalogEnergyBounds(used * 1e-12, whole * 1e-12);
    }
}
