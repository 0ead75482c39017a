namespace Memflux.Tiles;

/// <summary>
/// IR drop on the crossbar wires. Physical model (shared by <see cref="IrDrop"/> and <see cref="IrDropNodalSolver"/>):
/// an R×Q array, each row driven at its left end (before column 0) and each column read at its bottom end (after
/// row R−1) by a virtual-ground integrator; every wire segment between neighbouring cells, and the segment to the
/// driver or integrator, has resistance r_w. Unused tile rows and columns are not modelled (the used block sits next
/// to the periphery).
/// </summary>
/// <param name="WireResistanceOhms">r_w per segment; 0 = no IR drop. aihwkit's defaults are 0.35 Ω
/// (<c>IOParameters.ir_drop_g_ratio</c> = 1/0.35/5e-6) and 0.15 Ω (<c>IOParametersIRDropT.ir_drop_rs</c>).</param>
public sealed record IrDropSpec(double WireResistanceOhms = 0)
{
    /// <summary>Whether IR drop is modelled.</summary>
    public bool Enabled => WireResistanceOhms > 0;

    internal void Validate() =>
        TileConfig.Check(double.IsFinite(WireResistanceOhms) && WireResistanceOhms >= 0, "IrDrop.WireResistanceOhms", "a finite value ≥ 0", WireResistanceOhms);
}

/// <summary>
/// The fast IR-drop approximation: first order in ρ = r_w·G. The network is linear, so the output currents are
/// I_q = Σ_i M_iq·u_i for input voltages u; to first order
/// M_iq = G_iq·(1 − A_iq) − C_iq with
/// A_iq = ρ_w Σ_{m≤q} Σ_{q'≥m} G_iq' (the row wire's drop up to cell q, per volt of u_i) and
/// C_iq = ρ_w G_iq Σ_{i'} G_i'q (R − max(i, i')) (the column wire's rise seen by the other cells of column q),
/// where ρ_w = r_w in Ω times 10⁻⁶ (conductances in µS). Both sums take O(R·Q) with prefix sums, so the effective
/// conductances are computed once per read and inference stays a GEMM.
/// </summary>
public static class IrDrop
{
    /// <summary>
    /// Writes the effective conductances M (R×Q row-major, µS) of <paramref name="conductance"/> (R×Q, µS) into
    /// <paramref name="destination"/> (may not overlap the input).
    /// </summary>
    public static void FirstOrder(ReadOnlySpan<float> conductance, int rows, int columns, double wireResistanceOhms, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(wireResistanceOhms);
        if (conductance.Length != rows * columns || destination.Length != rows * columns)
        {
            throw new ArgumentException($"expected {rows}×{columns} conductances and destinations, found {conductance.Length} and {destination.Length}");
        }

        FirstOrderCore(conductance, rows, columns, wireResistanceOhms * 1e-6, destination);
    }

    internal static void FirstOrderCore(ReadOnlySpan<float> g, int rows, int columns, double rho, Span<float> m)
    {
        // Row term: T_m = Σ_{q'≥m} G_iq' (suffix sums), A_iq = ρ Σ_{m≤q} T_m (prefix sum of T).
        var suffix = new double[columns];
        for (int i = 0; i < rows; i++)
        {
            var row = g.Slice(i * columns, columns);
            double acc = 0;
            for (int q = columns - 1; q >= 0; q--)
            {
                acc += row[q];
                suffix[q] = acc;
            }

            double a = 0;
            for (int q = 0; q < columns; q++)
            {
                a += suffix[q];
                m[(i * columns) + q] = (float)(row[q] * (1.0 - (rho * a)));
            }
        }

        // Column term: Σ_{i'} G_i'q (R − max(i, i')) = (R − i)·Σ_{i'≤i} G_i'q + Σ_{i'>i} G_i'q (R − i').
        var prefix = new double[rows];
        var weightedSuffix = new double[rows + 1];
        for (int q = 0; q < columns; q++)
        {
            double p = 0;
            for (int i = 0; i < rows; i++)
            {
                p += g[(i * columns) + q];
                prefix[i] = p;
            }

            weightedSuffix[rows] = 0;
            for (int i = rows - 1; i >= 0; i--)
            {
                weightedSuffix[i] = weightedSuffix[i + 1] + (g[(i * columns) + q] * (double)(rows - i));
            }

            for (int i = 0; i < rows; i++)
            {
                double gi = g[(i * columns) + q];
                double c = rho * gi * (((rows - i) * prefix[i]) + weightedSuffix[i + 1]);
                m[(i * columns) + q] -= (float)c;
            }
        }
    }
}
