using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>Energy of one component per inference.</summary>
/// <param name="Name">Component (<c>dac</c>, <c>array</c>, <c>adc</c>, <c>accumulate</c>, <c>activation</c>, <c>pooling</c>, <c>buffers</c>, <c>noc</c>, <c>leakage</c>, <c>fixed</c>).</param>
/// <param name="EnergyJ">Energy per inference in J.</param>
public sealed record ComponentEnergy(string Name, double EnergyJ);

/// <summary>
/// Energy per inference by component. Dynamic energy counts the work of <see cref="LayerWorkload"/>: row drives, array
/// reads scaled by the fraction of each tile's cells holding weights, conversions of the columns in use, digital ops,
/// buffer traffic and NoC bits × hops. Leakage and fixed blocks draw their power over the batch's makespan, shared by
/// its images (for one image: power × latency).
/// </summary>
public static class EnergyBreakdown
{
    /// <summary>The component names in report order.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["dac", "array", "adc", "accumulate", "activation", "pooling", "buffers", "noc", "leakage", "fixed"];

    /// <summary>Energy per inference of <paramref name="mapping"/> streaming a batch with <paramref name="timing"/>.</summary>
    public static IReadOnlyList<ComponentEnergy> Of(ChipMapping mapping, DataflowTiming timing)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(timing);
        return OfCore(mapping, LayerWorkload.Of(mapping), timing);
    }

    internal static IReadOnlyList<ComponentEnergy> OfCore(ChipMapping mapping, LayerWorkload[] work, DataflowTiming timing)
    {
        var spec = mapping.Spec;
        var d = spec.Core.Digital;
        double dac = 0, array = 0, adc = 0, acc = 0, act = 0, pool = 0, buf = 0;
        foreach (var w in work)
        {
            dac += w.DacPj;
            array += w.ArrayPj;
            adc += w.AdcPj;
            acc += w.AccumulateOps * d.Accumulate.EnergyPerOpPj;
            act += w.ActivationOps * d.Activation.EnergyPerOpPj;
            pool += w.PoolingOps * d.Pooling.EnergyPerOpPj;
            buf += w.BufferPj;
        }

        double noc = mapping.HopBitsPerImage * spec.Noc.EnergyPerBitPerHopPj;
        double secondsPerImage = timing.MakespanNs * 1e-9 / timing.Batch;
        double leakageW = ((spec.Cores.Count * spec.Core.StaticPowerMw) + spec.StaticPowerMw) * 1e-3;
        double fixedW = ((spec.Cores.Count * spec.Core.OtherComponents.Sum(c => c.PowerMw)) + spec.ChipComponents.Sum(c => c.PowerMw)) * 1e-3;
        return
        [
            new("dac", dac * 1e-12),
            new("array", array * 1e-12),
            new("adc", adc * 1e-12),
            new("accumulate", acc * 1e-12),
            new("activation", act * 1e-12),
            new("pooling", pool * 1e-12),
            new("buffers", buf * 1e-12),
            new("noc", noc * 1e-12),
            new("leakage", leakageW * secondsPerImage),
            new("fixed", fixedW * secondsPerImage),
        ];
    }
}
