namespace Memflux.Numerics.Tests;

public sealed class BufferPoolTests
{
    [Fact]
    public void Uninitialized_takes_a_returned_buffer_of_the_same_length_only_while_the_pool_is_active()
    {
        var pool = new BufferPool();
        var buffer = new float[BufferPool.MinLength];
        pool.Return(buffer);

        Assert.NotSame(buffer, Tensor.Uninitialized(DataType.Float32, new TensorShape(BufferPool.MinLength)).Float32Array);
        using (pool.Activate())
        {
            Assert.NotSame(buffer, Tensor.Uninitialized(DataType.Float32, new TensorShape(BufferPool.MinLength + 1)).Float32Array);
            Assert.Same(buffer, Tensor.Uninitialized(DataType.Float32, new TensorShape(2, BufferPool.MinLength / 2)).Float32Array);
            Assert.NotSame(buffer, Tensor.Uninitialized(DataType.Float32, new TensorShape(BufferPool.MinLength)).Float32Array);
        }

        Assert.Equal(0, pool.HeldFloats);
    }

    [Fact]
    public void Trimming_keeps_as_many_buffers_of_a_length_as_were_asked_for_since_the_last_trim()
    {
        var pool = new BufferPool();
        int n = BufferPool.MinLength;
        using (pool.Activate())
        {
            _ = Tensor.Uninitialized(DataType.Float32, new TensorShape(n));
            _ = Tensor.Uninitialized(DataType.Float32, new TensorShape(n));
        }

        for (int i = 0; i < 3; i++)
        {
            pool.Return(new float[n]);
            pool.Return(new float[n + 1]); // a length nobody asks for: an operator that allocates its own output
        }

        pool.TrimToDemand();
        Assert.Equal(2L * n, pool.HeldFloats);
        pool.TrimToDemand(); // nothing asked since: nothing kept
        Assert.Equal(0, pool.HeldFloats);
    }

    [Fact]
    public void Short_buffers_are_not_kept()
    {
        var pool = new BufferPool();
        pool.Return(new float[BufferPool.MinLength - 1]);
        Assert.Equal(0, pool.HeldFloats);
    }

    [Fact]
    public void Scopes_nest_and_restore_the_previous_pool()
    {
        var outer = new BufferPool();
        var inner = new BufferPool();
        var a = new float[BufferPool.MinLength];
        var b = new float[BufferPool.MinLength];
        outer.Return(a);
        inner.Return(b);
        using (outer.Activate())
        {
            using (inner.Activate())
            {
                Assert.Same(b, Tensor.Uninitialized(DataType.Float32, new TensorShape(BufferPool.MinLength)).Float32Array);
            }

            Assert.Same(a, Tensor.Uninitialized(DataType.Float32, new TensorShape(BufferPool.MinLength)).Float32Array);
        }
    }
}
