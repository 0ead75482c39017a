namespace Memflux.Cost;

/// <summary>
/// The dataflow simulator's event queue: a binary min-heap on (time, sequence number) with the comparison inlined.
/// The order is total (sequence numbers are unique), so events come out in exactly the order
/// <see cref="PriorityQueue{TElement, TPriority}"/> on the same keys gives; this one avoids its comparer calls on
/// tuple keys, which took about half of a small network's simulation.
/// </summary>
/// <typeparam name="T">The event.</typeparam>
internal sealed class EventQueue<T>
    where T : struct
{
    private (T Item, double Time, long Seq)[] _heap = new (T, double, long)[64];
    private int _count;

    /// <summary>Adds <paramref name="item"/> at <paramref name="time"/>; <paramref name="seq"/> breaks ties and must be unique.</summary>
    public void Enqueue(T item, double time, long seq)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _count * 2);
        }

        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            ref var p = ref _heap[parent];
            if (!Less(time, seq, p.Time, p.Seq))
            {
                break;
            }

            _heap[i] = p;
            i = parent;
        }

        _heap[i] = (item, time, seq);
    }

    /// <summary>Removes the earliest event; false when empty.</summary>
    public bool TryDequeue(out T item, out double time)
    {
        if (_count == 0)
        {
            item = default;
            time = 0;
            return false;
        }

        (item, time, _) = _heap[0];
        var last = _heap[--_count];
        int i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Less(_heap[child + 1].Time, _heap[child + 1].Seq, _heap[child].Time, _heap[child].Seq))
            {
                child++;
            }

            if (!Less(_heap[child].Time, _heap[child].Seq, last.Time, last.Seq))
            {
                break;
            }

            _heap[i] = _heap[child];
            i = child;
        }

        _heap[i] = last;
        return true;
    }

    // The order of PriorityQueue's default comparer on (double, long): Double.CompareTo (NaN first), then the sequence.
    private static bool Less(double t1, long s1, double t2, long s2)
    {
        int c = t1.CompareTo(t2);
        return c < 0 || (c == 0 && s1 < s2);
    }
}
