namespace Memflux.Numerics;

/// <summary>2-D convolution kernels (NCHW activations, OIHW weights).</summary>
public static class Convolution
{
    /// <summary>
    /// y = conv(x, w) + bias. <paramref name="bias"/> is empty or holds one value per output channel.
    /// </summary>
    public static void Conv2D(in Conv2DGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        g.Validate();
        if (input.Length != g.InputLength || weight.Length != g.WeightLength || output.Length != g.OutputLength)
        {
            throw new ArgumentException(
                $"Conv2D buffers: input {input.Length} (expected {g.InputLength}), weight {weight.Length} (expected {g.WeightLength}), output {output.Length} (expected {g.OutputLength}).");
        }

        if (!bias.IsEmpty && bias.Length != g.OutChannels)
        {
            throw new ArgumentException($"Conv2D bias holds {bias.Length} values, expected {g.OutChannels}.");
        }

        Conv2DCore(g, input, weight, bias, output);
    }

    private static void Conv2DCore(in Conv2DGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y)
    {
        int oh = g.OutHeight, ow = g.OutWidth, cig = g.InChannelsPerGroup, cog = g.OutChannelsPerGroup;
        for (int n = 0; n < g.Batch; n++)
        {
            for (int oc = 0; oc < g.OutChannels; oc++)
            {
                int group = oc / cog;
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        float sum = bias.IsEmpty ? 0 : bias[oc];
                        for (int ic = 0; ic < cig; ic++)
                        {
                            int c = (group * cig) + ic;
                            for (int ky = 0; ky < g.KernelHeight; ky++)
                            {
                                int iy = (oy * g.StrideHeight) - g.PadTop + (ky * g.DilationHeight);
                                if ((uint)iy >= (uint)g.InHeight)
                                {
                                    continue;
                                }

                                for (int kx = 0; kx < g.KernelWidth; kx++)
                                {
                                    int ix = (ox * g.StrideWidth) - g.PadLeft + (kx * g.DilationWidth);
                                    if ((uint)ix >= (uint)g.InWidth)
                                    {
                                        continue;
                                    }

                                    float xv = x[(((((n * g.InChannels) + c) * g.InHeight) + iy) * g.InWidth) + ix];
                                    float wv = w[(((((oc * cig) + ic) * g.KernelHeight) + ky) * g.KernelWidth) + kx];
                                    sum += xv * wv;
                                }
                            }
                        }

                        y[(((((n * g.OutChannels) + oc) * oh) + oy) * ow) + ox] = sum;
                    }
                }
            }
        }
    }
}
