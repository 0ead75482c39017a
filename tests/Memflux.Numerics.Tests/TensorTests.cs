namespace Memflux.Numerics.Tests;

public sealed class TensorTests
{
    [Fact]
    public void Unsigned_elements_read_as_unsigned()
    {
        var u8 = Tensor.From(new byte[] { 255, 1 }, new TensorShape(2));
        var u16 = Tensor.From(new ushort[] { 65535 }, new TensorShape(1));
        var u32 = Tensor.From(new uint[] { uint.MaxValue }, new TensorShape(1));
        var u64 = Tensor.From(new ulong[] { ulong.MaxValue }, new TensorShape(1));
        Assert.Equal(255.0, u8.GetAsDouble(0));
        Assert.Equal(255L, u8.GetAsInt64(0));
        Assert.Equal(65535.0, u16.GetAsDouble(0));
        Assert.Equal(4294967295L, u32.GetAsInt64(0));
        Assert.Equal(18446744073709551615.0, u64.GetAsDouble(0));
        Assert.Equal(-1L, u64.GetAsInt64(0));
    }

    [Fact]
    public void Signed_elements_read_as_signed()
    {
        var i8 = Tensor.From(new sbyte[] { -1 }, new TensorShape(1));
        var i32 = Tensor.From(new int[] { -5 }, new TensorShape(1));
        Assert.Equal(-1.0, i8.GetAsDouble(0));
        Assert.Equal(-5L, i32.GetAsInt64(0));
    }

    [Fact]
    public void A_span_of_the_other_signedness_is_refused()
    {
        var u8 = Tensor.From(new byte[] { 255 }, new TensorShape(1));
        Assert.Throws<InvalidOperationException>(() => u8.AsSpan<sbyte>().Length);
        Assert.Equal(255, u8.AsSpan<byte>()[0]);
    }
}
