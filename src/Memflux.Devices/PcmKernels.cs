using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Memflux.Numerics;

namespace Memflux.Devices;

/// <summary>PCM programming over eight devices: g_prog and ν (see <see cref="PcmDevice"/>), single precision.</summary>
internal readonly struct PcmProgramKernel(PcmParameters p, ulong programKey, ulong driftKey) : ILaneKernel
{
    private readonly float _invGMax = (float)(1 / p.GMaxMicroSiemens);
    private readonly float _c0 = (float)(p.ProgrammingSigmaC0MicroSiemens * p.GMaxMicroSiemens / p.ProgrammingReferenceGMaxMicroSiemens * p.ProgrammingNoiseScale);
    private readonly float _c1 = (float)(p.ProgrammingSigmaC1MicroSiemens * p.GMaxMicroSiemens / p.ProgrammingReferenceGMaxMicroSiemens * p.ProgrammingNoiseScale);
    private readonly float _c2 = (float)(p.ProgrammingSigmaC2MicroSiemens * p.GMaxMicroSiemens / p.ProgrammingReferenceGMaxMicroSiemens * p.ProgrammingNoiseScale);
    private readonly PcmParameters _p = p;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, ulong counter, out Vector256<float> second)
    {
        Vector256<float> gHat = a * _invGMax;
        Vector256<float> sigma = Vector256.Max((((Vector256.Create(_c2) * gHat) + Vector256.Create(_c1)) * gHat) + Vector256.Create(_c0), Vector256<float>.Zero);
        Vector256<float> programmed = Vector256.Max(a + (sigma * CounterRandom.Normal8(programKey, counter)), Vector256<float>.Zero);

        Vector256<float> lnG = FloatVectorMath.Log(Vector256.Max(gHat, Vector256.Create(1e-7f)));
        Vector256<float> mean = Clip(lnG, _p.DriftNuMeanSlope, _p.DriftNuMeanIntercept, _p.DriftNuMeanMin, _p.DriftNuMeanMax);
        Vector256<float> std = Clip(lnG, _p.DriftNuStdSlope, _p.DriftNuStdIntercept, _p.DriftNuStdMin, _p.DriftNuStdMax);
        second = Vector256.Abs(mean + (std * CounterRandom.Normal8(driftKey, counter))) * (float)_p.DriftScale;
        return programmed;
    }

    private static Vector256<float> Clip(Vector256<float> lnG, double slope, double intercept, double min, double max) =>
        Vector256.Min(Vector256.Max((Vector256.Create((float)slope) * lnG) + Vector256.Create((float)intercept), Vector256.Create((float)min)), Vector256.Create((float)max));
}

/// <summary>PCM read over eight devices: drift, then accumulated 1/f read noise with a fresh ξ per read.</summary>
internal readonly struct PcmReadKernel(PcmParameters p, double timeSeconds, ulong readKey) : ILaneKernel
{
    private readonly float _minusLogTime = (float)-Math.Log((timeSeconds + p.DriftT0Seconds) / p.DriftT0Seconds);
    private readonly float _noiseTime = (float)(PcmDevice.ReadNoiseTimeFactor(timeSeconds, p.DriftT0Seconds, p.ReadTimeSeconds) * p.ReadNoiseScale);
    private readonly float _invGMax = (float)(1 / p.GMaxMicroSiemens);

    // max(ĝ^e, floor) = max(ĝ, floor^(1/e))^e, so the floor applies before the power.
    private readonly float _ratioFloor = (float)Math.Pow(p.ReadNoiseQsFloor, 1 / p.ReadNoiseQsExponent);
    private readonly float _minusExponent = (float)-p.ReadNoiseQsExponent;
    private readonly float _qsCoefficient = (float)p.ReadNoiseQsCoefficient;
    private readonly float _qsMax = (float)p.ReadNoiseQsMax;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, ulong counter, out Vector256<float> second)
    {
        second = default;
        Vector256<float> drifted = a * FloatVectorMath.Exp(b * _minusLogTime);
        Vector256<float> ratio = Vector256.Max(Vector256.Abs(a) * _invGMax, Vector256.Create(_ratioFloor));
        Vector256<float> qs = Vector256.Min(FloatVectorMath.Exp(FloatVectorMath.Log(ratio) * _minusExponent) * _qsCoefficient, Vector256.Create(_qsMax));
        Vector256<float> sigma = Vector256.Abs(drifted) * qs * _noiseTime;
        return Vector256.Max(drifted + (sigma * CounterRandom.Normal8(readKey, counter)), Vector256<float>.Zero);
    }
}
