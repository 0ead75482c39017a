namespace Memflux.Numerics.Tests;

/// <summary>The direct seven-loop convolution, in double, as the reference for <see cref="Convolution"/>.</summary>
internal static class NaiveConvolution
{
    /// <summary>Reference output and, per element, Σ|x·w| + |bias| (the scale of its rounding error).</summary>
    public static (double[] Value, double[] Scale) Conv2D(in Conv2DGeometry g, float[] x, float[] w, float[] bias)
    {
        int oh = g.OutHeight, ow = g.OutWidth, cig = g.InChannelsPerGroup, cog = g.OutChannelsPerGroup;
        var value = new double[g.OutputLength];
        var scale = new double[g.OutputLength];
        for (int n = 0; n < g.Batch; n++)
        {
            for (int oc = 0; oc < g.OutChannels; oc++)
            {
                int group = oc / cog;
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double sum = bias.Length == 0 ? 0 : bias[oc];
                        double abs = Math.Abs(sum);
                        for (int ic = 0; ic < cig; ic++)
                        {
                            int c = (group * cig) + ic;
                            for (int ky = 0; ky < g.KernelHeight; ky++)
                            {
                                int iy = (oy * g.StrideHeight) - g.PadTop + (ky * g.DilationHeight);
                                for (int kx = 0; kx < g.KernelWidth; kx++)
                                {
                                    int ix = (ox * g.StrideWidth) - g.PadLeft + (kx * g.DilationWidth);
                                    if (iy < 0 || iy >= g.InHeight || ix < 0 || ix >= g.InWidth)
                                    {
                                        continue;
                                    }

                                    double term = (double)x[(((((n * g.InChannels) + c) * g.InHeight) + iy) * g.InWidth) + ix]
                                        * w[(((((oc * cig) + ic) * g.KernelHeight) + ky) * g.KernelWidth) + kx];
                                    sum += term;
                                    abs += Math.Abs(term);
                                }
                            }
                        }

                        int at = (((((n * g.OutChannels) + oc) * oh) + oy) * ow) + ox;
                        value[at] = sum;
                        scale[at] = abs;
                    }
                }
            }
        }

        return (value, scale);
    }
}
