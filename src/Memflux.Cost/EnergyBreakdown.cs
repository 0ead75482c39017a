using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>Energy of one component per inference.</summary>
/// <param name="Name">Component (<c>dac</c>, <c>array</c>, <c>adc</c>, <c>accumulate</c>, <c>activation</c>, <c>pooling</c>, <c>buffers</c>, <c>noc</c>, <c>leakage</c>, <c>fixed</c>, <c>chip links</c>).</param>
/// <param name="EnergyJ">Energy per inference in J.</param>
public sealed record ComponentEnergy(string Name, double EnergyJ);

/// <summary>
/// Energy per inference by component. Dynamic energy counts the work of <see cref="LayerWorkload"/>: row drives, array
/// reads scaled by the fraction of each tile's cells holding weights, conversions of the columns in use, digital ops,
/// buffer traffic and NoC bits × hops. Leakage and fixed blocks draw their power over the batch's makespan, shared by
/// its images (for one image: power × latency). A system of chips adds every chip's components (leakage and fixed blocks
/// once per chip), the mesh hops of messages between chips (to and from each chip's I/O core, and between a replicated
/// layer's home core and its copies) to <c>noc</c>, and
/// <c>chip links</c>: bits × link hops × the link's energy per bit (0 on a single chip). With digital work on a host,
/// <c>host</c> and <c>host link</c> follow (<see cref="WithHost"/>).
/// </summary>
public static class EnergyBreakdown
{
    /// <summary>The component names in report order.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["dac", "array", "adc", "accumulate", "activation", "pooling", "buffers", "noc", "leakage", "fixed", ChipLinks];

    /// <summary>The name of the chip-to-chip links' energy.</summary>
    public const string ChipLinks = "chip links";

    /// <summary>The name of the host's digital ops' energy (only with <c>digital_work: "host"</c>).</summary>
    public const string HostOps = "host";

    /// <summary>The name of the host link's energy (only with <c>digital_work: "host"</c>).</summary>
    public const string HostLink = "host link";

    /// <summary>Energy per inference of <paramref name="mapping"/> streaming a batch with <paramref name="timing"/>.</summary>
    public static IReadOnlyList<ComponentEnergy> Of(ChipMapping mapping, DataflowTiming timing)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(timing);
        var work = LayerWorkload.Of(mapping);
        return WithHost(mapping.Spec, work, OfCore(mapping, work, timing));
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
            new(ChipLinks, 0),
        ];
    }

    /// <summary>
    /// With digital work on a host: the host's ops × its energy per op, the bits crossing the host link × its energy per
    /// bit, and the mesh hops between each layer's home core and its chip's I/O core for those bits (added to <c>noc</c>);
    /// <paramref name="energy"/> unchanged otherwise.
    /// </summary>
    private static IReadOnlyList<ComponentEnergy> WithHost(Chip.Hardware.ChipSpec spec, IEnumerable<LayerWorkload> work, IReadOnlyList<ComponentEnergy> energy)
    {
        if (spec.System is not { DigitalOnHost: true, Host: { } host })
        {
            return energy;
        }

        double ops = 0, bits = 0, hopBits = 0;
        foreach (var w in work)
        {
            double up = w.HostUpValues * spec.Core.OutputBits, down = w.HostDownValues * spec.Core.Input.Bits;
            ops += w.HostOps;
            bits += up + down;
            hopBits += (up + down) * MeshGeometry.Hops(spec.Cores, TimingGraph.Home(w.Layer), TimingGraph.IoCore);
        }

        return
        [
            .. energy.Select(c => c.Name == "noc" ? c with { EnergyJ = c.EnergyJ + (hopBits * spec.Noc.EnergyPerBitPerHopPj * 1e-12) } : c),
            new(HostOps, ops * host.EnergyPerOpPj * 1e-12),
            new(HostLink, bits * host.Link.EnergyPerBitPj * 1e-12),
        ];
    }

    /// <summary>Energy per inference of <paramref name="system"/> streaming a batch with <paramref name="timing"/>.</summary>
    public static IReadOnlyList<ComponentEnergy> Of(SystemMapping system, DataflowTiming timing)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(timing);
        return OfCore(system, [.. system.Chips.Select(LayerWorkload.Of)], timing);
    }

    /// <param name="system">The system.</param>
    /// <param name="work">Its chips' layer workloads.</param>
    /// <param name="timing">Its timing.</param>
    /// <param name="legs">Its replica legs when already listed (<see cref="TimingGraph.Legs"/>), else null.</param>
    internal static IReadOnlyList<ComponentEnergy> OfCore(SystemMapping system, LayerWorkload[][] work, DataflowTiming timing, IReadOnlyList<(int Chip, TrafficFlow Leg)>? legs = null)
    {
        if (system.ChipCount == 1)
        {
            return WithHost(system.Spec, work[0], OfCore(system.Chips[0], work[0], timing));
        }

        var sums = new double[Names.Count];
        for (int c = 0; c < system.ChipCount; c++)
        {
            var chip = OfCore(system.Chips[c], work[c], timing);
            for (int i = 0; i < sums.Length; i++)
            {
                sums[i] += chip[i].EnergyJ;
            }
        }

        var spec = system.Spec;
        double meshHopBits = 0;
        foreach (var f in system.Flows)
        {
            var from = system.Chips[f.FromChip].Layers[system.LocalLayerOfPart[f.FromPart]];
            var to = system.Chips[f.ToChip].Layers[system.LocalLayerOfPart[f.ToPart]];
            int hops = MeshGeometry.Hops(spec.Cores, TimingGraph.Home(from), TimingGraph.IoCore) + MeshGeometry.Hops(spec.Cores, TimingGraph.IoCore, TimingGraph.Home(to));
            meshHopBits += f.BitsPerImage * hops;
        }

        foreach (var (_, leg) in legs ?? TimingGraph.ReplicaLegs(system))
        {
            meshHopBits += leg.BitsPerImage * leg.Hops;
        }

        sums[IndexOf("noc")] += meshHopBits * spec.Noc.EnergyPerBitPerHopPj * 1e-12;
        sums[IndexOf(ChipLinks)] += system.LinkHopBitsPerImage * spec.System!.Link.EnergyPerBitPj * 1e-12;
        return WithHost(spec, work.SelectMany(w => w), [.. Names.Select((name, i) => new ComponentEnergy(name, sums[i]))]);

        static int IndexOf(string name) => Names.Select((n, i) => (n, i)).First(x => x.n == name).i;
    }
}
