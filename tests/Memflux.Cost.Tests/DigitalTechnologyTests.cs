using Memflux.Numerics;

namespace Memflux.Cost.Tests;

/// <summary>Stillmaker and Baas's energy factors (Integration 58, 2017, Table 5) as <see cref="DigitalTechnology"/> applies them.</summary>
public sealed class DigitalTechnologyTests
{
    private static double F(double a, double b, double c, double v) => (a * v * v) + (b * v) + c;

    [Fact]
    public void Tabulated_nodes_use_their_fit_and_the_corrigendum_s_worked_example_holds()
    {
        // The corrigendum's example: HP 32 nm at 0.9 V over 65 nm at 1.3 V: 0.4571 / 2.604.
        Assert.Equal(0.4571, new DigitalTechnology(32, 0.9).EnergyFactor, 4);
        Assert.Equal(2.604, new DigitalTechnology(65, 1.3).EnergyFactor, 3);
        Assert.Equal(F(1.018, -0.3107, 0.1539, 0.9), DigitalTechnology.Horowitz.EnergyFactor, 12);
        Assert.Equal(1, DigitalTechnology.Horowitz.ScaleFromHorowitz, 12);
        Assert.Equal(F(0.2363, -0.09675, 0.02239, 0.8) / F(1.018, -0.3107, 0.1539, 0.9), DigitalTechnology.Nominal(14).ScaleFromHorowitz, 12);
    }

    [Fact]
    public void A_node_between_two_tabulated_ones_interpolates_geometrically()
    {
        var t = new DigitalTechnology(28, 0.9);
        double f20 = F(0.373, -0.1582, 0.04104, 0.9);
        double f32 = F(0.8367, -0.4341, 0.1701, 0.9);
        double s = Math.Log(28.0 / 20) / Math.Log(32.0 / 20);
        Assert.Equal(Math.Exp(Math.Log(f20) + (s * Math.Log(f32 / f20))), t.EnergyFactor, 12);
        Assert.InRange(t.EnergyFactor, f20, f32);
        Assert.Equal(0.9, DigitalTechnology.Nominal(28).SupplyV); // the 32 nm nominal supply
    }

    [Fact]
    public void Nodes_and_supplies_outside_the_fits_are_errors_naming_the_field()
    {
        var e = Assert.Throws<MemfluxException>(() => DigitalTechnology.Nominal(5));
        Assert.Contains("process_node_nm", e.Message, StringComparison.Ordinal);
        Assert.Contains("7–180 nm", e.Message, StringComparison.Ordinal);
        Assert.Throws<MemfluxException>(() => new DigitalTechnology(14, 3.0).EnergyFactor);
    }
}
