using Memflux.Numerics;

namespace Memflux.Tiles;

/// <summary>
/// How a weight matrix is laid onto crossbar tiles and read through their periphery. The defaults are the ideal tile:
/// unlimited DAC/ADC resolution and range, no output noise, no IR drop, no program-verify, no drift compensation.
/// Named presets are <see cref="Ideal"/>, <see cref="Pcm"/>, <see cref="PcmHermes"/> and <see cref="Rram"/>.
/// </summary>
/// <param name="Rows">Rows (inputs) per tile, R.</param>
/// <param name="Columns">Columns (outputs, i.e. weights; each uses 2·slices physical columns) per tile, C.</param>
public sealed partial record TileConfig(int Rows = 256, int Columns = 256)
{
    /// <summary>Weight→conductance mapping: scaling, clipping, devices per weight.</summary>
    public WeightMapping Mapping { get; init; } = new();

    /// <summary>Program-and-verify; the default (0 iterations) programs once.</summary>
    public ProgramVerify ProgramVerify { get; init; } = new();

    /// <summary>The input DAC of each tile row.</summary>
    public DacSpec Dac { get; init; } = new();

    /// <summary>The output ADC of each tile column.</summary>
    public AdcSpec Adc { get; init; } = new();

    /// <summary>
    /// Standard deviation σ_out of the additive Gaussian output noise, in normalized output units (a full-scale input,
    /// 1, on a full-scale weight, 1, gives 1), added before the ADC: the convention of aihwkit's <c>out_noise</c>.
    /// </summary>
    public double OutputNoise { get; init; }

    /// <summary>
    /// σ_w of aihwkit's PCM_READ weight noise (<c>IOParameters.w_noise</c> with <c>w_noise_type = PCM_READ</c>, applied
    /// in every forward pass: <c>applyOutputWeightNoise</c> in <c>src/rpucuda/rpu_forward_backward_pass.cpp</c>,
    /// re-implemented from its formula): output i of each input vector gets σ_w·√(Σ_j |Ŵ_ij| x̂_j²)·ξ_i (x̂ the DAC-side
    /// inputs, Ŵ the normalised weights, ξ standard normal, its own noise stream), after IR drop and before the output
    /// noise and ADC. 0 = off.
    /// </summary>
    public double ReadWeightNoise { get; init; }

    /// <summary>aihwkit's per-input-vector IR drop (off by default), beside Memflux's own <see cref="IrDrop"/>.</summary>
    public AihwkitIrDrop AihwkitIrDrop { get; init; } = new();

    /// <summary>Whether a read depends on each input vector beyond the product (PCM_READ noise or aihwkit's IR drop).</summary>
    internal bool HasInputDependentRead => ReadWeightNoise > 0 || AihwkitIrDrop.Enabled;

    /// <summary>How each input vector is scaled into the DAC range.</summary>
    public NoiseManagement NoiseManagement { get; init; } = NoiseManagement.None;

    /// <summary>Wire resistance and whether IR drop is modelled.</summary>
    public IrDropSpec IrDrop { get; init; } = new();

    /// <summary>Drift compensation applied after the ADC.</summary>
    public DriftCompensation DriftCompensation { get; init; } = DriftCompensation.None;

    /// <summary>
    /// Which weights the drift-compensation reference r_ref is read from (<see cref="DriftReference.ReadAtProgramming"/>
    /// by default).
    /// </summary>
    public DriftReference DriftReference { get; init; } = DriftReference.ReadAtProgramming;

    /// <summary>Whether a per-column gain and offset are calibrated after programming and applied after the ADC.</summary>
    public bool AffineCorrection { get; init; }

    /// <summary>Random input vectors used to calibrate the affine correction (least squares per column).</summary>
    public int AffineCalibrationVectors { get; init; } = 64;

    /// <summary>Physical devices per weight: a differential pair per slice.</summary>
    public int DevicesPerWeight => 2 * Mapping.SlicesPerWeight;

    /// <summary>Throws a <see cref="MemfluxException"/> naming the first field that is out of range.</summary>
    public void Validate()
    {
        Check(Rows >= 1, "Rows", "≥ 1", Rows);
        Check(Columns >= 1, "Columns", "≥ 1", Columns);
        Check(double.IsFinite(OutputNoise) && OutputNoise >= 0, "OutputNoise", "a finite value ≥ 0", OutputNoise);
        Check(double.IsFinite(ReadWeightNoise) && ReadWeightNoise >= 0, "ReadWeightNoise", "a finite value ≥ 0", ReadWeightNoise);
        Check(AffineCalibrationVectors >= 2, "AffineCalibrationVectors", "≥ 2", AffineCalibrationVectors);
        Check(Enum.IsDefined(NoiseManagement), "NoiseManagement", "a defined value", NoiseManagement);
        Check(Enum.IsDefined(DriftCompensation), "DriftCompensation", "a defined value", DriftCompensation);
        Check(Enum.IsDefined(DriftReference), "DriftReference", "a defined value", DriftReference);
        ArgumentNullException.ThrowIfNull(Mapping);
        ArgumentNullException.ThrowIfNull(ProgramVerify);
        ArgumentNullException.ThrowIfNull(Dac);
        ArgumentNullException.ThrowIfNull(Adc);
        ArgumentNullException.ThrowIfNull(IrDrop);
        ArgumentNullException.ThrowIfNull(AihwkitIrDrop);
        AihwkitIrDrop.Validate();
        Mapping.Validate();
        ProgramVerify.Validate();
        Dac.Validate();
        Adc.Validate();
        IrDrop.Validate();
    }

    internal static void Check(bool ok, string field, string expected, object found)
    {
        if (!ok)
        {
            throw new MemfluxException($"TileConfig.{field}: expected {expected}, found {found}.");
        }
    }
}

/// <summary>How an input vector is scaled before the DAC.</summary>
public enum NoiseManagement
{
    /// <summary>Inputs go to the DAC unscaled (values beyond its range saturate).</summary>
    None = 0,

    /// <summary>
    /// Each input vector (per tile) is divided by its largest magnitude α = max|x_i| before the DAC and the output is
    /// multiplied by α after the ADC (aihwkit <c>NoiseManagementType.ABS_MAX</c>).
    /// </summary>
    AbsMax = 1,
}

/// <summary>Drift compensation after the ADC (aihwkit <c>GlobalDriftCompensation</c> / <c>PerColumnDriftCompensation</c>).</summary>
public enum DriftCompensation
{
    /// <summary>No compensation.</summary>
    None = 0,

    /// <summary>One factor per tile: α = r_ref / r(t), r = mean |response| to the one-hot reference inputs.</summary>
    Global = 1,

    /// <summary>One factor per tile column: α_j = r_ref,j / r_j(t).</summary>
    PerColumn = 2,
}

/// <summary>
/// Where the drift-compensation reference r_ref comes from. Both are defensible: a chip can only read its devices (read
/// noise included), while a simulator may take the weights it just programmed.
/// </summary>
public enum DriftReference
{
    /// <summary>
    /// A read of the devices at t = 0 right after programming, with read noise (its own read stream): what a chip that
    /// calibrates after programming measures. Memflux's default.
    /// </summary>
    ReadAtProgramming = 0,

    /// <summary>
    /// The programmed conductances (programming noise and faults, no drift, no read noise): aihwkit's choice
    /// (<c>InferenceTileWithPeriphery.program_weights</c> in <c>aihwkit/simulator/tiles/inference.py</c> calls
    /// <c>drift_compensation.init_baseline</c> on the forward readout of <c>programmed_weights</c>).
    /// </summary>
    ProgrammedWeights = 1,
}
