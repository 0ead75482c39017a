namespace Memflux.Tiles;

/// <summary>
/// aihwkit's IR-drop formulation (<c>IOParameters.ir_drop</c>, <c>ir_drop_g_ratio</c>; applied per input vector in the
/// forward pass, <c>applyIrDrop</c> in <c>src/rpucuda/rpu_forward_backward_pass.cpp</c>, re-implemented here from its
/// formulas), an option beside Memflux's own wire model (<see cref="IrDropSpec"/>). For a tile of n inputs, DAC-side
/// inputs x̂ and normalised weights Ŵ (full scale 1), output i loses
/// <c>Δy_i = s · c(a_i) · Σ_j Ŵ_ij x̂_j (1 − (1 − j/n)²)</c> with <c>a_i = (n / g) · Σ_j |Ŵ_ij| |x̂_j|</c> and
/// <c>c(a) = a (a (0.05 a − 0.2) + 0.5)</c>: a cubic in the column's total current, weighted towards inputs far from
/// the driver (j counts from the row driver, 0 ≤ j &lt; n). s is <c>ir_drop</c> (the scale), g is
/// <c>ir_drop_g_ratio</c> = G_wire / g_max (aihwkit's default 1 / (0.35 Ω · 5 µS) = 571,428.6). Applied after the
/// product and before the weight noise, output noise and ADC, as aihwkit orders them.
/// </summary>
/// <param name="Scale">s (<c>ir_drop</c>); 0 = off.</param>
/// <param name="WireToDeviceConductance">g (<c>ir_drop_g_ratio</c>): wire conductance over the device's g_max.</param>
public sealed record AihwkitIrDrop(double Scale = 0, double WireToDeviceConductance = AihwkitIrDrop.DefaultConductanceRatio)
{
    /// <summary>aihwkit's default <c>ir_drop_g_ratio</c>: 1 / (0.35 Ω · 5 µS) (<c>simulator/parameters/io.py</c>).</summary>
    public const double DefaultConductanceRatio = 1 / (0.35 * 5e-6);

    /// <summary>Whether the term is applied.</summary>
    public bool Enabled => Scale > 0;

    /// <summary>c(a) = a (a (0.05 a − 0.2) + 0.5).</summary>
    public static double Polynomial(double a) => a * ((a * ((0.05 * a) - 0.2)) + 0.5);

    /// <summary>The position weight of input <paramref name="j"/> of <paramref name="n"/>: 1 − (1 − j/n)².</summary>
    public static float PositionWeight(int j, int n)
    {
        double p = 1 - ((double)j / n);
        return (float)(1 - (p * p));
    }

    /// <summary>
    /// Δy of one output by the formula, in double (the reference the tests compare the tile against): weights
    /// <paramref name="w"/> (Ŵ_i·, n of them) and inputs <paramref name="x"/> (x̂, n of them).
    /// </summary>
    public double Drop(ReadOnlySpan<float> w, ReadOnlySpan<float> x)
    {
        if (w.Length != x.Length)
        {
            throw new ArgumentException($"AihwkitIrDrop: {w.Length} weights and {x.Length} inputs.");
        }

        int n = x.Length;
        double current = 0, weighted = 0;
        for (int j = 0; j < n; j++)
        {
            current += Math.Abs(w[j]) * Math.Abs(x[j]);
            double p = 1 - ((double)j / n);
            weighted += w[j] * x[j] * (1 - (p * p));
        }

        return Scale * Polynomial(n / WireToDeviceConductance * current) * weighted;
    }

    internal void Validate()
    {
        TileConfig.Check(double.IsFinite(Scale) && Scale >= 0, "AihwkitIrDrop.Scale", "a finite value ≥ 0", Scale);
        TileConfig.Check(double.IsFinite(WireToDeviceConductance) && WireToDeviceConductance > 0, "AihwkitIrDrop.WireToDeviceConductance", "a finite value > 0", WireToDeviceConductance);
    }
}
