using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Memflux.Tiles;

/// <summary>
/// The output stages of a tile column without an ADC nonlinearity, as one vector pass with the constants computed once
/// per tile: v = y + ξ·σ (output noise), q(v) as <see cref="Quantizer.QuantizeCore"/> (the ADC, scale 1), then
/// v·a_j + b_j (the column's digital correction), then optionally ·α_x per input vector into the result. The float
/// operations are those of the separate passes, so the bits are the same.
/// </summary>
internal readonly struct ColumnFinish
{
    private readonly float _sigma, _step, _toLevels, _max, _range;
    private readonly bool _levels, _clamp;

    /// <summary>Stages with output noise σ (0: none) and an ADC of <paramref name="bits"/> (null: unlimited) over ±<paramref name="range"/>.</summary>
    public ColumnFinish(float sigma, int? bits, float range)
    {
        _sigma = sigma;
        _levels = bits is not null;
        _clamp = _levels || float.IsFinite(range);
        _step = _levels ? (float)Quantizer.StepSize(bits!.Value, range) : 1f;
        _toLevels = 1f / _step;
        _max = _levels ? (1 << (bits!.Value - 1)) - 1 : range;
        _range = range;
    }

    /// <summary>Whether the stages add output noise (then every call needs the column's ξ).</summary>
    public bool Noisy => _sigma > 0;

    /// <summary>In place: x becomes q(x + ξ·σ)·factor + offset (ξ = <paramref name="noise"/>, ignored when not <see cref="Noisy"/>).</summary>
    public void Apply(Span<float> x, ReadOnlySpan<float> noise, float factor, float offset) =>
        Run(x, noise, factor, offset, default, x, Mode.Store);

    /// <summary>
    /// y = (q(x + ξ·σ)·factor + offset)·α + (<paramref name="overwrite"/> ? 0 : y), elementwise (α =
    /// <paramref name="alpha"/>): the stages, then the input scale added into the output as
    /// <c>TensorPrimitives.MultiplyAdd</c> would; x is left unchanged.
    /// </summary>
    public void ApplyScaled(ReadOnlySpan<float> x, ReadOnlySpan<float> noise, float factor, float offset, ReadOnlySpan<float> alpha, Span<float> y, bool overwrite)
    {
        if (alpha.Length != x.Length || y.Length != x.Length)
        {
            throw new ArgumentException($"ColumnFinish: α and y must hold {x.Length} values, found {alpha.Length} and {y.Length}.");
        }

        Run(x, noise, factor, offset, alpha, y, overwrite ? Mode.Overwrite : Mode.Add);
    }

    /// <summary>
    /// <see cref="ApplyScaled"/> with ξ drawn as it is used: ξ_i = <see cref="GaussianNoise.Sample"/>(noiseKey,
    /// 4·<paramref name="firstGroup"/> + i), 32 at a time from registers, so the noise never goes through memory (same
    /// bits as <see cref="GaussianNoise.Fill"/> then <see cref="ApplyScaled"/>). Needs <see cref="Noisy"/>,
    /// <see cref="GaussianNoise.FusedSamples"/> and a length that is a multiple of 32.
    /// </summary>
    public unsafe void ApplyScaledWithNoise(ReadOnlySpan<float> x, ulong noiseKey, ulong firstGroup, float factor, float offset, ReadOnlySpan<float> alpha, Span<float> y, bool overwrite)
    {
        int n = x.Length;
        if (!Noisy || !GaussianNoise.FusedSamples || n % 32 != 0 || alpha.Length != n || y.Length != n)
        {
            throw new ArgumentException($"ColumnFinish: fused noise needs σ > 0, AVX-512DQ and 32k values with α and y alike; found σ {_sigma}, {n}, {alpha.Length} and {y.Length} values.");
        }

        var stages = new Stages(this, factor, offset);
        var key = Vector512.Create(noiseKey);
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pa = ref MemoryMarshal.GetReference(alpha);
        ref float py = ref MemoryMarshal.GetReference(y);
        fixed (float* table = GaussianNoise.Table)
        {
            for (int i = 0; i < n; i += 32)
            {
                var (xi0, xi1) = GaussianNoise.Sample32(key, firstGroup + (ulong)(i / 4), table);
                for (int h = 0; h < 2; h++)
                {
                    nuint o = (nuint)(i + (16 * h));
                    var v = stages.Apply(Vector512.LoadUnsafe(ref px, o), h == 0 ? xi0 : xi1, noisy: true);
                    v = (v * Vector512.LoadUnsafe(ref pa, o)) + (overwrite ? Vector512<float>.Zero : Vector512.LoadUnsafe(ref py, o));
                    v.StoreUnsafe(ref py, o);
                }
            }
        }
    }

    private void Run(ReadOnlySpan<float> x, ReadOnlySpan<float> noise, float factor, float offset, ReadOnlySpan<float> alpha, Span<float> y, Mode mode)
    {
        bool noisy = Noisy, levels = _levels, clamp = _clamp;
        if (noisy && noise.Length < x.Length)
        {
            throw new ArgumentException($"ColumnFinish: {x.Length} values need as many noise samples, found {noise.Length}.");
        }

        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pn = ref MemoryMarshal.GetReference(noise);
        ref float pa = ref MemoryMarshal.GetReference(alpha);
        ref float py = ref MemoryMarshal.GetReference(y);
        int i = 0, n = x.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            var stages = new Stages(this, factor, offset);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var xi = noisy ? Vector512.LoadUnsafe(ref pn, (nuint)i) : default;
                var v = stages.Apply(Vector512.LoadUnsafe(ref px, (nuint)i), xi, noisy);
                if (mode != Mode.Store)
                {
                    v = (v * Vector512.LoadUnsafe(ref pa, (nuint)i)) + (mode == Mode.Add ? Vector512.LoadUnsafe(ref py, (nuint)i) : Vector512<float>.Zero);
                }

                v.StoreUnsafe(ref py, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref px, i);
            v = noisy ? (Unsafe.Add(ref pn, i) * _sigma) + v : v;
            v = levels ? Math.Clamp(MathF.Round(v * _toLevels), -_max, _max) * _step : clamp ? Math.Clamp(v, -_range, _range) : v;
            v = (v * factor) + offset;
            if (mode != Mode.Store)
            {
                v = (v * Unsafe.Add(ref pa, i)) + (mode == Mode.Add ? Unsafe.Add(ref py, i) : 0f);
            }

            Unsafe.Add(ref py, i) = v;
        }
    }

    /// <summary>The stages' constants in vectors: (v + ξ·σ) → q → ·factor + offset, 16 lanes at a time.</summary>
    private readonly struct Stages(ColumnFinish finish, float factor, float offset)
    {
        private readonly Vector512<float> _s = Vector512.Create(finish._sigma), _k = Vector512.Create(finish._toLevels),
            _hi = Vector512.Create(finish._max), _lo = Vector512.Create(-finish._max), _d = Vector512.Create(finish._step),
            _a = Vector512.Create(factor), _b = Vector512.Create(offset);

        private readonly bool _levels = finish._levels, _clamp = finish._clamp;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Apply(Vector512<float> v, Vector512<float> xi, bool noisy)
        {
            v = noisy ? (xi * _s) + v : v;
            v = _levels ? Quantizer.Clamp(Vector512.Round(v * _k), _lo, _hi) * _d : _clamp ? Quantizer.Clamp(v, _lo, _hi) : v;
            return (v * _a) + _b;
        }
    }

    private enum Mode
    {
        Store,
        Overwrite,
        Add,
    }
}
