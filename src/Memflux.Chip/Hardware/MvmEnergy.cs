namespace Memflux.Chip.Hardware;

/// <summary>
/// Energy of one full tile MVM by component, in pJ. The NoC share assumes the outputs travel one hop (neighbouring
/// cores), as at full load in <see cref="PeakFigures"/>; pooling assumes every output is pooled once.
/// </summary>
/// <param name="DacPj">Row drives: rows × activations × energy per row drive.</param>
/// <param name="ArrayPj">Array read: activations × array energy per activation.</param>
/// <param name="AdcPj">Conversions: columns × activations × energy per conversion.</param>
/// <param name="AccumulatePj">Digital accumulation: one op per conversion.</param>
/// <param name="ActivationPj">Activation function: one op per output.</param>
/// <param name="PoolingPj">Pooling: one op per output.</param>
/// <param name="BufferPj">Buffer reads and writes of the input vector and the outputs.</param>
/// <param name="NocPj">Outputs sent one hop.</param>
public sealed record MvmEnergy(
    double DacPj,
    double ArrayPj,
    double AdcPj,
    double AccumulatePj,
    double ActivationPj,
    double PoolingPj,
    double BufferPj,
    double NocPj)
{
    /// <summary>The analog front end: DAC, array and ADC.</summary>
    public double AnalogPj => DacPj + ArrayPj + AdcPj;

    /// <summary>Everything.</summary>
    public double TotalPj => AnalogPj + AccumulatePj + ActivationPj + PoolingPj + BufferPj + NocPj;
}
