using System.Numerics.Tensors;

namespace Memflux.Numerics;

/// <summary>
/// Direct depthwise convolution (groups = input channels): each output plane is a sum of kH·kW shifted,
/// scaled input rows, in (ky, kx) order. Planes are independent tasks, so the thread count cannot change a result.
/// </summary>
internal sealed unsafe class DepthwiseConvolution
{
    /// <summary>Below this many multiply-adds the planes run on the calling thread.</summary>
    private const long SerialMacs = 1L << 16;

    private readonly Conv2DGeometry _g;
    private readonly float* _x, _w, _bias, _y;
    private readonly int _threads;

    internal DepthwiseConvolution(in Conv2DGeometry g, float* x, float* w, float* bias, float* y, int threads)
    {
        _g = g;
        _x = x;
        _w = w;
        _bias = bias;
        _y = y;
        _threads = threads;
    }

    internal void Run()
    {
        int planes = _g.Batch * _g.OutChannels;
        if (_threads > 1 && planes > 1 && _g.Macs > SerialMacs)
        {
            Parallel.For(0, planes, new ParallelOptions { MaxDegreeOfParallelism = _threads }, Plane);
        }
        else
        {
            for (int p = 0; p < planes; p++)
            {
                Plane(p);
            }
        }
    }

    private void Plane(int plane)
    {
        var g = _g;
        int oc = plane % g.OutChannels, image = plane / g.OutChannels, ic = oc / g.OutChannelsPerGroup;
        int oh = g.OutHeight, ow = g.OutWidth, kh = g.KernelHeight, kw = g.KernelWidth, sw = g.StrideWidth;
        float* x = _x + ((((nint)image * g.InChannels) + ic) * g.InHeight * g.InWidth);
        float* y = _y + ((nint)plane * oh * ow);
        float* w = _w + ((nint)oc * kh * kw);
        new Span<float>(y, oh * ow).Fill(_bias == null ? 0f : _bias[oc]);
        for (int oy = 0; oy < oh; oy++)
        {
            float* yRow = y + ((nint)oy * ow);
            for (int ky = 0; ky < kh; ky++)
            {
                int iy = (oy * g.StrideHeight) - g.PadTop + (ky * g.DilationHeight);
                if ((uint)iy >= (uint)g.InHeight)
                {
                    continue;
                }

                float* xRow = x + ((nint)iy * g.InWidth);
                for (int kx = 0; kx < kw; kx++)
                {
                    float wv = w[(ky * kw) + kx];
                    int offset = (kx * g.DilationWidth) - g.PadLeft;
                    var (lo, hi) = Convolution.ValidRange(ow, sw, offset, g.InWidth);
                    if (sw == 1)
                    {
                        var dst = new Span<float>(yRow + lo, hi - lo);
                        TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(xRow + lo + offset, hi - lo), wv, dst, dst);
                    }
                    else
                    {
                        for (int ox = lo; ox < hi; ox++)
                        {
                            yRow[ox] += wv * xRow[(ox * sw) + offset];
                        }
                    }
                }
            }
        }
    }
}
