using Memflux.Devices;
using Memflux.Numerics;
using Memflux.Tiles;

namespace Memflux.Chip.Analog;

/// <summary>One non-ideality of an analog preset, to be switched on alone for error attribution.</summary>
public enum NonIdeality
{
    /// <summary>Programming noise of the devices.</summary>
    Programming,

    /// <summary>Conductance drift (PCM power law, RRAM relaxation).</summary>
    Drift,

    /// <summary>Read noise (PCM accumulated 1/f noise, RRAM read noise).</summary>
    Read,

    /// <summary>DAC quantization and saturation of the inputs.</summary>
    Dac,

    /// <summary>ADC quantization, saturation and nonlinearity of the outputs.</summary>
    Adc,

    /// <summary>Additive output noise of the array.</summary>
    OutputNoise,

    /// <summary>IR drop along the wires (Memflux's wire model and aihwkit's formulation alike).</summary>
    IrDrop,

    /// <summary>Stuck devices, finite levels and g_max spread.</summary>
    Faults,

    /// <summary>aihwkit's PCM_READ weight noise in every forward pass (<see cref="TileConfig.ReadWeightNoise"/>).</summary>
    ReadWeightNoise,
}

/// <summary>Builds presets that keep exactly one non-ideality of a base preset.</summary>
public static class NonIdealityIsolation
{
    /// <summary>
    /// <paramref name="preset"/> with only <paramref name="kept"/> left on: the other device effects are scaled to zero
    /// and the other periphery effects made ideal. Noise management, weight mapping and drift compensation stay as in the
    /// preset (they are countermeasures, and exact when nothing is wrong). Null when the preset does not have the effect.
    /// </summary>
    public static AnalogPreset? Only(AnalogPreset preset, NonIdeality kept)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var full = preset.Tiles;
        var device = preset.Device();
        bool present = kept switch
        {
            NonIdeality.Dac => full.Dac.Bits is not null || double.IsFinite(full.Dac.InputRange),
            NonIdeality.Adc => full.Adc.Bits is not null || double.IsFinite(full.Adc.Range) || full.Adc.Nonlinearity != 0,
            NonIdeality.OutputNoise => full.OutputNoise > 0,
            NonIdeality.IrDrop => full.IrDrop.Enabled || full.AihwkitIrDrop.Enabled,
            NonIdeality.ReadWeightNoise => full.ReadWeightNoise > 0,
            NonIdeality.Faults => device.NonIdealities != DeviceNonIdealities.None,
            _ => device is PcmDevice or RramDevice,
        };
        if (!present)
        {
            return null;
        }

        var tiles = full with
        {
            Dac = kept == NonIdeality.Dac ? full.Dac : new DacSpec(Mode: full.Dac.Mode),
            Adc = kept == NonIdeality.Adc ? full.Adc : new AdcSpec(),
            OutputNoise = kept == NonIdeality.OutputNoise ? full.OutputNoise : 0,
            IrDrop = kept == NonIdeality.IrDrop ? full.IrDrop : new IrDropSpec(),
            AihwkitIrDrop = kept == NonIdeality.IrDrop ? full.AihwkitIrDrop : new AihwkitIrDrop(),
            ReadWeightNoise = kept == NonIdeality.ReadWeightNoise ? full.ReadWeightNoise : 0,
        };
        return preset with
        {
            Name = $"{preset.Name}:{Label(kept)}-only",
            Tiles = tiles,
            Device = () => DeviceWithOnly(preset.Device(), kept),
        };
    }

    /// <summary>The name reports use for <paramref name="n"/>.</summary>
    public static string Label(NonIdeality n) => n switch
    {
        NonIdeality.OutputNoise => "output-noise",
        NonIdeality.IrDrop => "ir-drop",
        NonIdeality.ReadWeightNoise => "read-weight-noise",
        _ => n.ToString().ToLowerInvariant(),
    };

    private static DeviceModel DeviceWithOnly(DeviceModel device, NonIdeality kept)
    {
        var faults = kept == NonIdeality.Faults ? device.NonIdealities : DeviceNonIdealities.None;
        double Keep(NonIdeality n, double scale) => kept == n ? scale : 0;
        return device switch
        {
            PcmDevice pcm => new PcmDevice(
                pcm.Parameters with
                {
                    ProgrammingNoiseScale = Keep(NonIdeality.Programming, pcm.Parameters.ProgrammingNoiseScale),
                    DriftScale = Keep(NonIdeality.Drift, pcm.Parameters.DriftScale),
                    ReadNoiseScale = Keep(NonIdeality.Read, pcm.Parameters.ReadNoiseScale),
                },
                faults),
            RramDevice rram => new RramDevice(
                rram.Parameters with
                {
                    ProgrammingNoiseScale = Keep(NonIdeality.Programming, rram.Parameters.ProgrammingNoiseScale),
                    RelaxationScale = Keep(NonIdeality.Drift, rram.Parameters.RelaxationScale),
                    ReadNoiseScale = Keep(NonIdeality.Read, rram.Parameters.ReadNoiseScale),
                },
                faults),
            IdealDevice ideal => new IdealDevice(ideal.GMaxMicroSiemens, faults),
            _ => throw new MemfluxException($"error attribution cannot separate the effects of device model '{device.Name}'; it supports pcm, rram and ideal devices."),
        };
    }
}
