namespace Memflux.Tiles;

/// <summary>
/// How far one tile's devices landed from their targets: for the most significant slice's differential pair, the
/// target is G⁺ = max(ŵ, 0)·g_max and G⁻ = max(−ŵ, 0)·g_max with ŵ = clamp(w, ±clip) / s_j, the normalized weight
/// <see cref="AnalogMatrix"/> programs (the first slice's target is ŵ itself: nothing is held before it). Less
/// significant slices' targets depend on what the earlier slices hold, so they are not included.
/// </summary>
/// <param name="ErrorMicroSiemens">Programmed − target conductance (µS): G⁺ of every cell (row-major), then G⁻.</param>
/// <param name="DriftExponent">The drift exponent ν drawn for the same devices, same order.</param>
public sealed record ProgrammingError(float[] ErrorMicroSiemens, float[] DriftExponent)
{
    /// <summary>
    /// The first slice's devices of tile <paramref name="tile"/> of <paramref name="matrix"/>, programmed from
    /// <paramref name="weights"/> (its <see cref="AnalogMatrix.Inputs"/>×<see cref="AnalogMatrix.Outputs"/> matrix, row-major).
    /// </summary>
    public static ProgrammingError OfTile(AnalogMatrix matrix, ReadOnlySpan<float> weights, int tile)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfNotEqual(weights.Length, matrix.Inputs * matrix.Outputs, nameof(weights));
        ArgumentOutOfRangeException.ThrowIfNegative(tile);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(tile, matrix.TileCount);
        var t = matrix.Tiles[tile];
        var state = t.State;
        float clip = (float)matrix.Config.Mapping.ClipLevel(weights);
        double gMax = matrix.Device.GMaxMicroSiemens;
        int n = t.Rows * t.Columns;
        var error = new float[2 * n];
        var nu = new float[2 * n];
        var (plusG, plusNu) = (state.Devices[0].Programmed(), state.Devices[0].DriftExponents());
        var (minusG, minusNu) = (state.Devices[1].Programmed(), state.Devices[1].DriftExponents());
        for (int i = 0; i < t.Rows; i++)
        {
            for (int j = 0; j < t.Columns; j++)
            {
                int cell = (i * t.Columns) + j;
                float scale = state.ColumnScales[j];
                double w = Math.Clamp(weights[((t.RowOffset + i) * matrix.Outputs) + t.ColumnOffset + j], -clip, clip);
                double normalized = scale > 0 ? w / scale : 0;
                error[cell] = (float)(plusG[cell] - (Math.Max(normalized, 0) * gMax));
                error[n + cell] = (float)(minusG[cell] - (Math.Max(-normalized, 0) * gMax));
                nu[cell] = plusNu[cell];
                nu[n + cell] = minusNu[cell];
            }
        }

        return new ProgrammingError(error, nu);
    }
}
