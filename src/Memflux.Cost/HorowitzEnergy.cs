namespace Memflux.Cost;

/// <summary>
/// Energy of digital operations and memory accesses at 45 nm, 0.9 V, from M. Horowitz, "1.1 Computing's energy
/// problem (and what we can do about it)", ISSCC 2014, pp. 10–14 (the slide table reproduced in the paper's Fig. 1.1.9).
/// </summary>
public static class HorowitzEnergy
{
    /// <summary>8-bit integer multiply: 0.2 pJ (Horowitz, ISSCC 2014).</summary>
    public const double Int8MultiplyPj = 0.2;

    /// <summary>8-bit integer add: 0.03 pJ (Horowitz, ISSCC 2014).</summary>
    public const double Int8AddPj = 0.03;

    /// <summary>16-bit integer add: 0.05 pJ (Horowitz, ISSCC 2014).</summary>
    public const double Int16AddPj = 0.05;

    /// <summary>
    /// 16-bit integer multiply: 0.8 pJ [memflux_assumption: not in Horowitz's table; an array multiplier's energy grows
    /// with the square of its width, 0.2 pJ × (16/8)², which the table's 32-bit figure confirms: 0.2 × 4² = 3.2 ≈ 3.1 pJ].
    /// </summary>
    public const double Int16MultiplyPj = 0.8;

    /// <summary>32-bit integer add: 0.1 pJ (Horowitz, ISSCC 2014).</summary>
    public const double Int32AddPj = 0.1;

    /// <summary>32-bit floating-point multiply: 3.7 pJ (Horowitz, ISSCC 2014).</summary>
    public const double Fp32MultiplyPj = 3.7;

    /// <summary>32-bit floating-point add: 0.9 pJ (Horowitz, ISSCC 2014).</summary>
    public const double Fp32AddPj = 0.9;

    /// <summary>64-bit read from an 8 KB SRAM: 10 pJ (Horowitz, ISSCC 2014).</summary>
    public const double Sram8KbRead64Pj = 10;

    /// <summary>64-bit read from a 1 MB SRAM: 100 pJ (Horowitz, ISSCC 2014).</summary>
    public const double Sram1MbRead64Pj = 100;

    /// <summary>64-bit DRAM read, low end of the 1.3–2.6 nJ range: 1300 pJ (Horowitz, ISSCC 2014).</summary>
    public const double DramRead64LowPj = 1300;

    /// <summary>64-bit DRAM read, high end of the 1.3–2.6 nJ range: 2600 pJ (Horowitz, ISSCC 2014).</summary>
    public const double DramRead64HighPj = 2600;
}
