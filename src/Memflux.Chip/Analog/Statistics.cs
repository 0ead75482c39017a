namespace Memflux.Chip.Analog;

/// <summary>Summary statistics over independently programmed chips.</summary>
public static class Statistics
{
    // Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom (any statistics table, e.g. NIST/SEMATECH
    // e-Handbook of Statistical Methods, table 1.4.2.3); above 30 the normal 1.960 is within 2%.
    private static readonly double[] T95 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>
    /// Mean and half-width of the 95% confidence interval of the mean (Student's t, n − 1 degrees of freedom);
    /// the half-width is NaN for a single value, where no interval can be estimated.
    /// </summary>
    public static (double Mean, double Ci95) MeanAndCi95(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        double mean = 0;
        foreach (double v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        if (values.Length == 1)
        {
            return (mean, double.NaN);
        }

        double squares = 0;
        foreach (double v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        int df = values.Length - 1;
        double t = df <= T95.Length ? T95[df - 1] : 1.960;
        return (mean, t * Math.Sqrt(squares / df / values.Length));
    }
}
