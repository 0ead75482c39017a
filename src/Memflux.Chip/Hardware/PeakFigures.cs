namespace Memflux.Chip.Hardware;

/// <summary>Power at full load and area of one component of the chip (all its instances together).</summary>
/// <param name="Name">Component name (<c>dac</c>, <c>array</c>, <c>adc</c>, …, or the name a fixed block has in the spec).</param>
/// <param name="PowerW">Power at full load in W.</param>
/// <param name="AreaMm2">Area in mm².</param>
public sealed record ComponentFigure(string Name, double PowerW, double AreaMm2);

/// <summary>
/// The chip's peak figures rolled up from its components with every tile running back-to-back MVMs: TOPS (2 ops per MAC),
/// power per component, area per component. Per-MVM components draw energy per tile MVM × MVMs per second; leakage and
/// fixed blocks draw their stated power; the NoC carries every tile's outputs one hop.
/// </summary>
public sealed class PeakFigures
{
    /// <summary>The component names the roll-up always has, in order; fixed blocks follow under their own names.</summary>
    public static readonly IReadOnlyList<string> CoreComponentNames =
        ["dac", "array", "adc", "accumulate", "activation", "pooling", "buffers", "noc", "leakage"];

    private PeakFigures(ChipModel model, IReadOnlyList<ComponentFigure> components)
    {
        Model = model;
        Components = components;
    }

    /// <summary>The derived model the figures come from.</summary>
    public ChipModel Model { get; }

    /// <summary>Power and area by component.</summary>
    public IReadOnlyList<ComponentFigure> Components { get; }

    /// <summary>Peak throughput in tera-operations per second (one MAC = 2 ops), all tiles busy.</summary>
    public double PeakTops => 2.0 * Model.MacsPerTileMvm * Model.PeakMvmsPerSecond / 1e12;

    /// <summary>Total power at full load in W.</summary>
    public double PowerW => Components.Sum(c => c.PowerW);

    /// <summary>Total area in mm².</summary>
    public double AreaMm2 => Components.Sum(c => c.AreaMm2);

    /// <summary>Peak TOPS per watt at full load.</summary>
    public double PeakTopsPerWatt => PeakTops / PowerW;

    /// <summary>Peak TOPS per mm².</summary>
    public double PeakTopsPerMm2 => PeakTops / AreaMm2;

    /// <summary>Fraction of full-load power drawn by the ADCs.</summary>
    public double AdcPowerFraction => Component("adc").PowerW / PowerW;

    /// <summary>Energy of one full tile MVM including its share of leakage and fixed blocks, in pJ.</summary>
    public double EnergyPerTileMvmPj => PowerW / Model.PeakMvmsPerSecond * 1e12;

    /// <summary>The component called <paramref name="name"/>.</summary>
    public ComponentFigure Component(string name) =>
        Components.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"No component '{name}' in the roll-up.");

    /// <summary>Rolls up <paramref name="spec"/>.</summary>
    public static PeakFigures Of(ChipSpec spec) => Of(new ChipModel(spec));

    /// <summary>Rolls up the spec behind <paramref name="model"/>.</summary>
    public static PeakFigures Of(ChipModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var spec = model.Spec;
        var core = spec.Core;
        int cores = spec.Cores.Count;
        double tiles = model.TotalTiles;
        double rate = model.PeakMvmsPerSecond * 1e-12; // pJ × (MVM/s) × 1e-12 = W
        var e = model.TileMvmEnergy;
        var list = new List<ComponentFigure>
        {
            new("dac", e.DacPj * rate, tiles * core.Input.AreaMm2),
            new("array", e.ArrayPj * rate, tiles * core.Tiles.AreaMm2),
            new("adc", e.AdcPj * rate, tiles * model.AdcsPerTile * core.Adc.AreaMm2),
            new("accumulate", e.AccumulatePj * rate, cores * core.Digital.Accumulate.AreaMm2),
            new("activation", e.ActivationPj * rate, cores * core.Digital.Activation.AreaMm2),
            new("pooling", e.PoolingPj * rate, cores * core.Digital.Pooling.AreaMm2),
            new("buffers", e.BufferPj * rate, cores * core.Buffers.Sum(b => b.AreaMm2)),
            new("noc", e.NocPj * rate, cores * spec.Noc.RoutersPerCore * spec.Noc.RouterAreaMm2),
            new("leakage", (cores * core.StaticPowerMw + spec.StaticPowerMw) * 1e-3, 0),
        };
        foreach (var c in core.OtherComponents)
        {
            list.Add(new(c.Name, cores * c.PowerMw * 1e-3, cores * c.AreaMm2));
        }

        foreach (var c in spec.ChipComponents)
        {
            list.Add(new(c.Name, c.PowerMw * 1e-3, c.AreaMm2));
        }

        return new PeakFigures(model, list);
    }
}
