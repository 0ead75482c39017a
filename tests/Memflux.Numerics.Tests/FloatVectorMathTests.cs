using System.Runtime.Intrinsics;

namespace Memflux.Numerics.Tests;

/// <summary>FloatVectorMath against double-precision Math over its domains, with the stated float accuracy.</summary>
public class FloatVectorMathTests
{
    [Fact]
    public void LogIsWithinTwoUlpOverTheFloatRange()
    {
        var random = new Random(1);
        for (int i = 0; i < 200_000; i++)
        {
            float x = (float)Math.Exp((random.NextDouble() * 170) - 85); // 1e-37 … 1e37
            double expected = Math.Log(x);
            float actual = FloatVectorMath.Log(Vector256.Create(x)).GetElement(0);
            Assert.True(Math.Abs(actual - expected) <= Math.Max(2.5e-7 * Math.Abs(expected), 1.5e-7), $"ln {x}: {actual} vs {expected}");
        }

        Assert.Equal(0f, FloatVectorMath.Log(Vector256.Create(1f)).GetElement(0));
    }

    [Fact]
    public void ExpIsWithinTwoUlp()
    {
        var random = new Random(2);
        for (int i = 0; i < 200_000; i++)
        {
            float x = (float)((random.NextDouble() * 170) - 85);
            double expected = Math.Exp(x);
            float actual = FloatVectorMath.Exp(Vector256.Create(x)).GetElement(0);
            Assert.True(Math.Abs(actual - expected) <= 2.5e-7 * expected, $"exp {x}: {actual} vs {expected}");
        }

        Assert.Equal(1f, FloatVectorMath.Exp(Vector256<float>.Zero).GetElement(0));
    }

    [Fact]
    public void CosTwoPiIsWithinFourInTenMillion()
    {
        for (int i = 0; i <= 1_000_000; i++)
        {
            float u = i / 1_000_000f;
            double expected = Math.Cos(2 * Math.PI * u);
            float actual = FloatVectorMath.CosTwoPi(Vector256.Create(u)).GetElement(0);
            Assert.True(Math.Abs(actual - expected) <= 4e-7, $"cos 2π·{u}: {actual} vs {expected}");
        }
    }
}
