namespace Memflux.Numerics;

/// <summary>
/// Recycles the fp32 buffers of intermediate tensors. While a pool is active on a thread (<see cref="Activate"/>),
/// <see cref="Tensor.Uninitialized"/> on that thread takes a returned buffer of the exact length instead of allocating
/// one, so a network run again and again writes into memory that is already mapped and often still in cache. The owner
/// (an executor) returns a buffer only once nothing can read it any more. Thread-safe.
/// </summary>
public sealed class BufferPool
{
    /// <summary>Buffers shorter than this are left to the allocator: they cost little and would only crowd the pool.</summary>
    public const int MinLength = 4096;

    [ThreadStatic]
    private static BufferPool? t_active;

    private readonly Dictionary<int, Stack<float[]>> _free = [];
    private readonly Dictionary<int, int> _demand = [];
    private readonly Lock _lock = new();

    /// <summary>Floats held by the pool now (for tests and memory reports).</summary>
    public long HeldFloats
    {
        get
        {
            lock (_lock)
            {
                return _free.Sum(kv => (long)kv.Key * kv.Value.Count);
            }
        }
    }

    /// <summary>Makes this pool the current thread's until the returned scope is disposed.</summary>
    public Scope Activate()
    {
        var previous = t_active;
        t_active = this;
        return new Scope(previous);
    }

    /// <summary>
    /// Gives <paramref name="buffer"/> back for reuse; the caller promises that nothing reads or writes it any more.
    /// Buffers shorter than <see cref="MinLength"/> are dropped.
    /// </summary>
    public void Return(float[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length < MinLength)
        {
            return;
        }

        lock (_lock)
        {
            if (!_free.TryGetValue(buffer.Length, out var stack))
            {
                _free[buffer.Length] = stack = new Stack<float[]>();
            }

            stack.Push(buffer);
        }
    }

    /// <summary>A free buffer of exactly <paramref name="length"/> floats from the current thread's pool, or null.</summary>
    internal static float[]? TryRent(int length)
    {
        var pool = t_active;
        if (pool is null || length < MinLength)
        {
            return null;
        }

        lock (pool._lock)
        {
            pool._demand[length] = pool._demand.GetValueOrDefault(length) + 1;
            return pool._free.TryGetValue(length, out var stack) && stack.TryPop(out var buffer) ? buffer : null;
        }
    }

    /// <summary>
    /// Keeps, of each length, at most as many buffers as were asked for since the last trim, and starts counting again:
    /// an executor calls it after each run, so the pool holds what the next run of the same network will take, and not
    /// the buffers of lengths that only operators allocating their own outputs produce, which would pile up run after
    /// run (BERT-base: about 100 MB per run).
    /// </summary>
    public void TrimToDemand()
    {
        lock (_lock)
        {
            foreach (var (length, stack) in _free)
            {
                int keep = _demand.GetValueOrDefault(length);
                while (stack.Count > keep)
                {
                    stack.Pop();
                }
            }

            _demand.Clear();
        }
    }

    /// <summary>Restores the previously active pool when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly BufferPool? _previous;

        internal Scope(BufferPool? previous) => _previous = previous;

        /// <inheritdoc />
        public void Dispose() => t_active = _previous;
    }
}
