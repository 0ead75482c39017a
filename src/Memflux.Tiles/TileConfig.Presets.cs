using Memflux.Numerics;

namespace Memflux.Tiles;

public sealed partial record TileConfig
{
    /// <summary>Unlimited resolution and range, no noise, no IR drop, no compensation: Multiply equals the exact product.</summary>
    public static TileConfig Ideal { get; } = new();

    /// <summary>
    /// aihwkit-style PCM tile. From aihwkit <c>StandardHWATrainingPreset</c> (Rasch et al., Nat. Commun. 14, 5282
    /// (2023); checked in aihwkit's <c>simulator/presets/inference.py</c>): 8-bit DAC (<c>inp_res</c> = 254 = 2⁸ − 2
    /// steps over ±<c>inp_bound</c> = ±1), 8-bit ADC (<c>out_res</c> = 254) over ±10 (<c>out_bound</c> = 10), output
    /// noise 0.04 (<c>out_noise</c>), column-wise weight scaling (<c>weight_scaling_columnwise</c>), global drift
    /// compensation (<c>GlobalDriftCompensation</c>). Noise management is abs-max (aihwkit's <c>IOParameters</c>
    /// default; the preset itself uses a learned constant input range, which Memflux models do not carry). No IR drop
    /// (<c>IOParameters.ir_drop</c> = 0) and no extra program-verify (the PCM programming noise model already describes
    /// iteratively programmed devices, Nandakumar et al. 2019). Tiles are 256×256 as the issue asks (aihwkit's preset
    /// allows 512 inputs per tile). For comparison aihwkit's plain <c>InferenceRPUConfig</c> uses a 7-bit DAC, 9-bit
    /// ADC over ±12 and output noise 0.06 (<c>simulator/parameters/io.py</c>).
    /// </summary>
    public static TileConfig Pcm { get; } = new(256, 256)
    {
        Mapping = new(WeightScaling.PerColumn),
        Dac = new(8, 1.0, DacMode.PulseWidth),
        Adc = new(8, 10.0),
        OutputNoise = 0.04,
        NoiseManagement = NoiseManagement.AbsMax,
        DriftCompensation = DriftCompensation.Global,
    };

    /// <summary>
    /// The IBM HERMES core (Le Gallo et al., Nat. Electron. 6, 680 (2023); Khaddam-Aljameh et al.,
    /// "HERMES-Core", IEEE J. Solid-State Circuits (2022)): 256×256 unit cells of 4 PCM devices, two per polarity of equal significance (as aihwkit's
    /// <c>HermesNoiseModel</c> with <c>num_devices</c> = 2, whose docstring cites both papers: checked), inputs as
    /// 8-bit pulse-width-modulated signals and 8-bit CCO-based ADCs, global drift compensation and a per-column affine
    /// correction in the digital periphery. The 8-bit input and ADC resolution and the affine correction are recalled
    /// from the papers, not verified against their text here. The ADC range (±10) and output noise (0.04) have no HERMES
    /// source: they are borrowed from <see cref="Pcm"/>.
    /// </summary>
    public static TileConfig PcmHermes { get; } = new(256, 256)
    {
        Mapping = new(WeightScaling.PerColumn, SlicesPerWeight: 2, SliceBase: 1),
        Dac = new(8, 1.0, DacMode.PulseWidth),
        Adc = new(8, 10.0),
        OutputNoise = 0.04,
        NoiseManagement = NoiseManagement.AbsMax,
        DriftCompensation = DriftCompensation.Global,
        AffineCorrection = true,
    };

    /// <summary>
    /// An RRAM tile after NeuRRAM (Wan et al., Nature 608, 504 (2022)): 256×256 arrays, bit-serial inputs and iterative
    /// write-verify. Unverified here: the 8-bit DAC/ADC, the write-verify tolerance (2 % of g_max) and limit (10 rounds)
    /// are placeholders chosen to be plausible, not taken from the paper; ADC range and output noise are borrowed from
    /// <see cref="Pcm"/>.
    /// </summary>
    public static TileConfig Rram { get; } = new(256, 256)
    {
        Mapping = new(WeightScaling.PerColumn),
        ProgramVerify = new(0.02, 10),
        Dac = new(8, 1.0, DacMode.BitSerial),
        Adc = new(8, 10.0),
        OutputNoise = 0.04,
        NoiseManagement = NoiseManagement.AbsMax,
        DriftCompensation = DriftCompensation.Global,
    };

    /// <summary>The preset names: ideal, pcm, pcm-hermes, rram.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["ideal", "pcm", "pcm-hermes", "rram"];

    /// <summary>The preset called <paramref name="name"/> (case-insensitive).</summary>
    public static TileConfig Preset(string name) => name?.ToLowerInvariant() switch
    {
        "ideal" => Ideal,
        "pcm" => Pcm,
        "pcm-hermes" => PcmHermes,
        "rram" => Rram,
        _ => throw new MemfluxException($"tile preset: expected one of {string.Join(", ", PresetNames)}, found '{name}'."),
    };
}
