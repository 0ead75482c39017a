using Memflux.Numerics;

namespace Memflux.Tiles;

public sealed partial record TileConfig
{
    /// <summary>Unlimited resolution and range, no noise, no IR drop, no compensation: Multiply equals the exact product.</summary>
    public static TileConfig Ideal { get; } = new();

    /// <summary>
    /// A PCM tile with the periphery values of aihwkit's <c>StandardHWATrainingPreset</c> (Rasch et al., Nat. Commun. 14,
    /// 5282 (2023); <c>src/aihwkit/simulator/presets/inference.py</c>, checked): 8-bit DAC (<c>inp_res</c> = 254 = 2⁸ − 2
    /// steps over ±<c>inp_bound</c> = ±1), 8-bit ADC (<c>out_res</c> = 254) over ±10 (<c>out_bound</c> = 10), output
    /// noise 0.04 (<c>out_noise</c>), column-wise weight scaling (<c>weight_scaling_columnwise</c>), global drift
    /// compensation (<c>GlobalDriftCompensation</c>). It is NOT that preset: it leaves out, on purpose, (1) the preset's
    /// PCM_READ weight noise (<c>w_noise</c> = 0.0175, σ = 0.0175·√(Σ_j |w_ij| x_j²) per output), (2) its IR drop
    /// (<c>ir_drop</c> = 1.0, aihwkit's cubic formulation with <c>ir_drop_g_ratio</c> = 1/(0.35 Ω · 5 µS)), (3) its
    /// 512-input tiles (<c>max_input_size</c> = 512; tiles here are 256×256), and (4) its noise management: the preset
    /// uses a constant scale of 1 (<c>NoiseManagementType.CONSTANT</c>, <c>nm_thres</c> = 1) after a learned input range
    /// (<c>InputRangeParameter</c>, init 3.0), which Memflux models do not carry, so this tile uses abs-max (aihwkit's
    /// <c>PresetIOParameters</c> default) instead. Memflux's own IR drop (<see cref="IrDropSpec"/>) is off. <see cref="PcmAihwkit"/> adds (1)–(3). Programming
    /// is once (the PCM programming noise model already describes iteratively programmed devices, Nandakumar et al.
    /// 2019). The drift reference is a read at t = 0 (<see cref="DriftReference.ReadAtProgramming"/>; aihwkit takes the
    /// programmed weights, <see cref="DriftReference.ProgrammedWeights"/>). For comparison aihwkit's plain
    /// <c>InferenceRPUConfig</c> uses a 7-bit DAC, 9-bit ADC over ±12 and output noise 0.06 (<c>simulator/parameters/io.py</c>).
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
    /// aihwkit's <c>StandardHWATrainingPreset</c> (Rasch et al., Nat. Commun. 14, 5282 (2023);
    /// <c>src/aihwkit/simulator/presets/inference.py</c>, read for this preset) as far as a Memflux tile can follow it:
    /// <see cref="Pcm"/>'s periphery (8-bit DAC, <c>inp_res</c> = 254 over ±1; 8-bit ADC, <c>out_res</c> = 254 over
    /// <c>out_bound</c> = ±10; <c>out_noise</c> = 0.04; column-wise weight scaling; global drift compensation) plus the
    /// three things <see cref="Pcm"/> leaves out: PCM_READ weight noise <c>w_noise</c> = 0.0175
    /// (<see cref="ReadWeightNoise"/>), aihwkit's IR drop <c>ir_drop</c> = 1.0 with the default <c>ir_drop_g_ratio</c> =
    /// 1/(0.35 Ω · 5 µS) (<see cref="AihwkitIrDrop"/>; Memflux's own wire model stays off), and tiles of
    /// <c>max_input_size</c> = 512 inputs with no output split (<c>max_output_size</c> = 0; 65,536 outputs here). The drift
    /// reference is taken from the programmed weights as aihwkit does (<see cref="DriftReference.ProgrammedWeights"/>).
    /// What still differs, because a Memflux model carries no trained input ranges: aihwkit's preset uses a learned input
    /// range (<c>InputRangeParameter</c>, init 3.0) with a constant noise-management scale of 1 (<c>CONSTANT</c>,
    /// <c>nm_thres</c> = 1); this tile uses abs-max per input vector. The bias is digital in both
    /// (<c>digital_bias</c> = True). Training-time settings (<c>remap</c>, <c>clip</c>, <c>learn_out_scaling</c>) do not
    /// apply to inference of a trained network.
    /// </summary>
    public static TileConfig PcmAihwkit { get; } = Pcm with
    {
        Rows = 512,
        Columns = 65536,
        ReadWeightNoise = 0.0175,
        AihwkitIrDrop = new AihwkitIrDrop(1.0),
        DriftReference = DriftReference.ProgrammedWeights,
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

    /// <summary>The preset names: ideal, pcm, pcm-aihwkit, pcm-hermes, rram.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["ideal", "pcm", "pcm-aihwkit", "pcm-hermes", "rram"];

    /// <summary>The preset called <paramref name="name"/> (case-insensitive).</summary>
    public static TileConfig Preset(string name) => name?.ToLowerInvariant() switch
    {
        "ideal" => Ideal,
        "pcm" => Pcm,
        "pcm-aihwkit" => PcmAihwkit,
        "pcm-hermes" => PcmHermes,
        "rram" => Rram,
        _ => throw new MemfluxException($"tile preset: expected one of {string.Join(", ", PresetNames)}, found '{name}'."),
    };
}
