using Memflux.Numerics;

namespace Memflux.Cost;

/// <summary>
/// A CMOS technology for the digital baseline: a process node and a core supply voltage. Energies are moved between
/// technologies with the energy scaling factors of A. Stillmaker and B. Baas, "Scaling equations for the accurate
/// prediction of CMOS device performance from 180 nm to 7 nm", Integration, the VLSI Journal 58 (2017) 74–81,
/// Table 5 (polynomial fits to HSpice simulations of PTM and ITRS models): the energy of an operation at node n and
/// supply V is proportional to <c>F(n, V) = a·V² + b·V + c</c>, so an energy E at (n₁, V₁) becomes
/// <c>E · F(n₂, V₂) / F(n₁, V₁)</c> at (n₂, V₂). The coefficients for 65 nm and HP 32 nm are the ones the authors'
/// corrigendum to Section 4.2.1 restates (65 nm: 3.755, −4.398, 1.975; HP 32 nm: 0.8367, −0.4341, 0.1701); the
/// table as a whole was read from the open re-tabulation in github.com/wromaszkan/nodeScale (nodeScale.py, UCLA
/// NanoCAD), which cites the paper. For 45 nm and below the high-performance (HP) fits are used
/// [memflux_assumption: HP, not LP; Horowitz's 45 nm figures are for a general-purpose process].
/// </summary>
/// <param name="NodeNm">Process node in nm (7–180).</param>
/// <param name="SupplyV">Core supply voltage in V.</param>
public sealed record DigitalTechnology(double NodeNm, double SupplyV)
{
    /// <summary>The technology of <see cref="HorowitzEnergy"/>'s figures: 45 nm at 0.9 V (Horowitz, ISSCC 2014, Fig. 1.1.9).</summary>
    public static DigitalTechnology Horowitz { get; } = new(45, 0.9);

    // (node nm, a, b, c): energy factor a·V² + b·V + c (Stillmaker & Baas 2017, Table 5; HP fits below 65 nm).
    private static readonly (double Node, double A, double B, double C)[] Fits =
    [
        (7, 0.1776, -0.09097, 0.02447),
        (10, 0.2068, -0.09311, 0.02375),
        (14, 0.2363, -0.09675, 0.02239),
        (16, 0.2958, -0.1241, 0.03024),
        (20, 0.373, -0.1582, 0.04104),
        (32, 0.8367, -0.4341, 0.1701),
        (45, 1.018, -0.3107, 0.1539),
        (65, 3.755, -4.398, 1.975),
        (90, 4.762, -4.781, 2.092),
        (130, 7.171, -6.709, 2.904),
        (180, 0, 24.64, -17.98),
    ];

    // Nominal core supply per tabulated node, in V, used when a chip spec gives only its node
    // [memflux_assumption: typical nominal supplies of each generation (180 nm 1.8 V … 7 nm 0.7 V); Stillmaker & Baas
    // fit each node over a range of supplies around these].
    private static readonly (double Node, double SupplyV)[] NominalSupplies =
    [
        (7, 0.7), (10, 0.75), (14, 0.8), (16, 0.8), (20, 0.9), (32, 0.9), (45, 1.0), (65, 1.1), (90, 1.2), (130, 1.3), (180, 1.8),
    ];

    /// <summary>
    /// The technology at <paramref name="nodeNm"/> and its nominal supply: a tabulated node's own, else the supply of
    /// the nearest tabulated node at or above it [memflux_assumption].
    /// </summary>
    public static DigitalTechnology Nominal(double nodeNm)
    {
        CheckNode(nodeNm);
        var (_, v) = NominalSupplies.First(s => s.Node >= nodeNm - 1e-9);
        return new DigitalTechnology(nodeNm, v);
    }

    /// <summary>
    /// Stillmaker and Baas's energy factor F(node, supply) (arbitrary units; only ratios mean anything). A node between two
    /// tabulated ones takes the geometric interpolation in node of the two factors at the same supply
    /// [memflux_assumption: log-log interpolation between generations].
    /// </summary>
    public double EnergyFactor
    {
        get
        {
            CheckNode(NodeNm);
            if (!(SupplyV > 0.3 && SupplyV <= 2.0))
            {
                throw new MemfluxException($"digital baseline supply: expected 0.3 V < supply ≤ 2.0 V (Stillmaker & Baas's fits cover 0.5–1.8 V), found {SupplyV} V");
            }

            int hi = Array.FindIndex(Fits, f => f.Node >= NodeNm - 1e-9);
            double fHi = Factor(Fits[hi], SupplyV);
            if (Math.Abs(Fits[hi].Node - NodeNm) < 1e-9)
            {
                return fHi;
            }

            var lo = Fits[hi - 1];
            double fLo = Factor(lo, SupplyV);
            double t = Math.Log(NodeNm / lo.Node) / Math.Log(Fits[hi].Node / lo.Node);
            return Math.Exp(Math.Log(fLo) + (t * (Math.Log(fHi) - Math.Log(fLo))));
        }
    }

    /// <summary>The factor that moves an energy from <see cref="Horowitz"/> (45 nm, 0.9 V) to this technology.</summary>
    public double ScaleFromHorowitz => EnergyFactor / Horowitz.EnergyFactor;

    private static double Factor((double Node, double A, double B, double C) f, double v)
    {
        double e = (f.A * v * v) + (f.B * v) + f.C;
        if (e <= 0)
        {
            throw new MemfluxException($"digital baseline supply: {v} V lies outside Stillmaker & Baas's fit for {f.Node} nm (the energy factor is not positive there)");
        }

        return e;
    }

    private static void CheckNode(double nodeNm)
    {
        if (!(nodeNm >= 7 && nodeNm <= 180))
        {
            throw new MemfluxException($"process_node_nm: the digital baseline scales energies with Stillmaker & Baas (2017), which covers 7–180 nm; found {nodeNm} nm");
        }
    }
}
