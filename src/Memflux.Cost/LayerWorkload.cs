using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>
/// What one mapped layer does per image, derived from the mapping and the chip model; the dataflow simulation, the
/// closed form and the energy model all read it, so they agree by construction on the work and differ only in timing.
/// Per image: each tile runs ceil(MVMs / replicas) MVMs (<see cref="LayerMapping.MvmsPerTilePerImage"/>), every
/// MVM of one group's matrix drives k rows in each of its column blocks (unused rows get no pulse) and converts
/// n × columns-per-weight columns in each of its row blocks on every activation, or every column of those tiles when the
/// chip does not gate unused columns' ADCs.
/// </summary>
internal sealed class LayerWorkload
{
    public LayerWorkload(ChipMapping mapping, int index)
    {
        var layer = mapping.Layers[index];
        var model = mapping.Model;
        var spec = mapping.Spec;
        var core = spec.Core;
        var shape = layer.Shape;
        Layer = layer;
        long mvms = shape.MvmsPerImage * shape.Groups; // MVMs of one group's matrix, all groups
        long activations = model.ActivationsPerMvm;
        OccupancyNs = layer.MvmsPerTilePerImage * model.AnalogMvmIntervalNs;
        AnalogLatencyNs = ((layer.MvmsPerTilePerImage - 1) * model.AnalogMvmIntervalNs) + model.TileMvmLatencyNs;
        _mvmIntervalNs = model.AnalogMvmIntervalNs;
        _tileLatencyNs = model.TileMvmLatencyNs;
        var (rows, cols) = PartitionPass.WeightsPerTile(spec);
        double rowsDriven = (double)shape.Inputs * layer.ColumnBlocks * core.Tiles.RowsPerWeight;
        double columnsConverted = (double)shape.Outputs * layer.RowBlocks * core.Tiles.ColsPerWeight;
        double tilesPerMvm = (double)layer.RowBlocks * layer.ColumnBlocks;
        double allColumns = tilesPerMvm * core.Tiles.Cols;
        Conversions = mvms * columnsConverted * activations;
        AccumulateOps = Conversions + (mvms * (layer.PartialSumAddsPerMvm + (shape.HasBias ? shape.Outputs : 0)));
        DacPj = mvms * rowsDriven * activations * core.Input.EnergyPerRowDrivePj;
        ArrayPj = mvms * activations * core.Tiles.ReadEnergyPerActivationPj * ((double)shape.Inputs * shape.Outputs / ((double)rows * cols));
        AdcPj = mvms * (core.Adc.GatesUnusedColumns ? columnsConverted : allColumns) * activations * core.Adc.EnergyPerConversionPj;
        WholeTilePj = mvms * activations * tilesPerMvm * ((core.Tiles.Rows * core.Input.EnergyPerRowDrivePj)
            + core.Tiles.ReadEnergyPerActivationPj + (core.Tiles.Cols * core.Adc.EnergyPerConversionPj));
        double inputBytes = mvms * (double)shape.Inputs * layer.ColumnBlocks * core.Input.Bits / 8.0;
        double outputBytes = mvms * (double)shape.Outputs * layer.RowBlocks * core.OutputBits / 8.0;
        foreach (var b in core.Buffers)
        {
            BufferPj += ((b.CarriesInputs ? inputBytes : 0) + (b.CarriesOutputs ? outputBytes : 0)) * b.EnergyPerBytePj;
        }
    }

    private readonly double _mvmIntervalNs;
    private readonly double _tileLatencyNs;

    public LayerMapping Layer { get; }

    /// <summary>Time the layer's tiles are busy per image, in ns.</summary>
    public double OccupancyNs { get; }

    /// <summary>First input to last conversion of the layer's work on one image, in ns.</summary>
    public double AnalogLatencyNs { get; }

    /// <summary>
    /// First input to last conversion of a share <paramref name="fraction"/> of the image's MVMs (a row group when
    /// pipelined): (max(MVMs per tile × fraction, 1) − 1) × MVM interval + tile MVM latency; 1: <see cref="AnalogLatencyNs"/>.
    /// </summary>
    public double UnitLatencyNs(double fraction) =>
        ((Math.Max(Layer.MvmsPerTilePerImage * fraction, 1) - 1) * _mvmIntervalNs) + _tileLatencyNs;

    /// <summary>ADC conversions per image.</summary>
    public double Conversions { get; }

    /// <summary>Accumulate-unit ops per image (shift-and-add per conversion, partial sums, bias, digital nodes).</summary>
    public double AccumulateOps { get; private set; }

    /// <summary>Activation-unit ops per image.</summary>
    public double ActivationOps { get; private set; }

    /// <summary>Pooling-unit ops per image.</summary>
    public double PoolingOps { get; private set; }

    public double DacPj { get; }

    public double ArrayPj { get; }

    /// <summary>
    /// ADC energy per image: the used columns' conversions when the chip gates the ADCs of unused columns
    /// (<see cref="Chip.Hardware.AdcBankSpec.GatesUnusedColumns"/>), else every column of every tile the MVM uses.
    /// </summary>
    public double AdcPj { get; }

    /// <summary>
    /// DAC + array + ADC energy per image if every tile the layer's MVMs use drove all its rows at full scale, read its
    /// whole array and converted every column: the data- and layout-independent worst case beside the used-cell figures.
    /// </summary>
    public double WholeTilePj { get; }

    public double BufferPj { get; }

    /// <summary>Ops per image of the graph's digital nodes charged to this layer that run on the system's host (0 on chip).</summary>
    public double HostOps { get; private set; }

    /// <summary>Values per image this layer's host work reads from the chips (<see cref="DigitalNodeWork.HostInValuesPerImage"/>).</summary>
    public double HostUpValues { get; private set; }

    /// <summary>Values per image the host sends back to the chips' layers for this layer's host work.</summary>
    public double HostDownValues { get; private set; }

    /// <summary>
    /// Adds a digital node's ops to the unit that runs it, or (<paramref name="onHost"/>) to the host with the values it
    /// moves across the host link; a node without ops moves nothing of its own.
    /// </summary>
    public void AddDigital(DigitalNodeWork work, bool onHost = false)
    {
        if (onHost)
        {
            HostOps += work.OpsPerImage;
            HostUpValues += work.HostInValuesPerImage;
            HostDownValues += work.HostOutValuesPerImage;
            return;
        }

        switch (work.Unit)
        {
            case DigitalUnitKind.Accumulate: AccumulateOps += work.OpsPerImage; break;
            case DigitalUnitKind.Activation: ActivationOps += work.OpsPerImage; break;
            case DigitalUnitKind.Pooling: PoolingOps += work.OpsPerImage; break;
            default: break;
        }
    }

    /// <summary>Time per image the digital units of a core holding <paramref name="tiles"/> of the layer's tiles spend on it, in ns.</summary>
    public double DigitalNs(Chip.Hardware.DigitalSpec units, int tiles)
    {
        double share = tiles / (double)Layer.Tiles;
        return share * Math.Max(
            AccumulateOps / units.Accumulate.ThroughputGops,
            Math.Max(ActivationOps / units.Activation.ThroughputGops, PoolingOps / units.Pooling.ThroughputGops));
    }

    /// <summary>The workloads of every layer of <paramref name="mapping"/>, digital nodes included.</summary>
    public static LayerWorkload[] Of(ChipMapping mapping)
    {
        var result = new LayerWorkload[mapping.Layers.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new LayerWorkload(mapping, i);
        }

        bool onHost = mapping.Spec.System is { DigitalOnHost: true };
        foreach (var node in mapping.Network.DigitalNodes)
        {
            result[node.Layer].AddDigital(node, onHost);
        }

        return result;
    }
}
