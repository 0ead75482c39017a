namespace Memflux.Cost;

/// <summary>
/// The dataflow simulator's event queue: events come out by time, and events of equal time in the order they were
/// added; exactly the order <see cref="PriorityQueue{TElement, TPriority}"/> gives on (time, a sequence number counted
/// up per event), which the simulator used before. Events are kept in buckets of equal time (<see cref="double.Equals(double)"/>, which agrees
/// with the comparison's ties), each a first-in, first-out list, so in sequence order; a binary min-heap orders the
/// buckets by their time. A simulation has about four events per distinct time (a unit's messages all leave when it
/// is done, hop after hop), so the heap, which took half of a sweep's estimate, does a quarter of the work.
/// </summary>
/// <typeparam name="T">The event.</typeparam>
internal sealed class EventQueue<T>
    where T : struct
{
    private readonly Dictionary<double, int> _bucketAt = [];

    // Buckets: the time, the first and last event; a heap of bucket indices by time; free buckets.
    private double[] _time = new double[64];
    private int[] _head = new int[64];
    private int[] _tail = new int[64];
    private int[] _heap = new int[64];
    private int _count;
    private int[] _freeBuckets = new int[64];
    private int _freeBucketCount;
    private int _buckets;

    // Events: the item, its own time (0.0 and −0.0 share a bucket) and the next event of its bucket; free events.
    private T[] _items = new T[256];
    private double[] _itemTime = new double[256];
    private int[] _next = new int[256];
    private int _freeItem = -1;
    private int _itemsUsed;

    /// <summary>Adds <paramref name="item"/> at <paramref name="time"/>, after every event already added at an equal time.</summary>
    public void Enqueue(T item, double time)
    {
        int e = NewItem();
        _items[e] = item;
        _itemTime[e] = time;
        _next[e] = -1;
        if (_bucketAt.TryGetValue(time, out int b))
        {
            _next[_tail[b]] = e;
            _tail[b] = e;
            return;
        }

        b = NewBucket();
        _time[b] = time;
        _head[b] = e;
        _tail[b] = e;
        _bucketAt.Add(time, b);
        Push(b);
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

        int b = _heap[0], e = _head[b];
        item = _items[e];
        time = _itemTime[e];
        _items[e] = default;
        _head[b] = _next[e];
        _next[e] = _freeItem;
        _freeItem = e;
        if (_head[b] < 0)
        {
            _bucketAt.Remove(_time[b]);
            PopTop();
            if (_freeBucketCount == _freeBuckets.Length)
            {
                Array.Resize(ref _freeBuckets, _freeBuckets.Length * 2);
            }

            _freeBuckets[_freeBucketCount++] = b;
        }

        return true;
    }

    private int NewItem()
    {
        if (_freeItem >= 0)
        {
            int e = _freeItem;
            _freeItem = _next[e];
            return e;
        }

        if (_itemsUsed == _items.Length)
        {
            Array.Resize(ref _items, _itemsUsed * 2);
            Array.Resize(ref _itemTime, _itemsUsed * 2);
            Array.Resize(ref _next, _itemsUsed * 2);
        }

        return _itemsUsed++;
    }

    private int NewBucket()
    {
        if (_freeBucketCount > 0)
        {
            return _freeBuckets[--_freeBucketCount];
        }

        if (_buckets == _time.Length)
        {
            Array.Resize(ref _time, _buckets * 2);
            Array.Resize(ref _head, _buckets * 2);
            Array.Resize(ref _tail, _buckets * 2);
            Array.Resize(ref _heap, _buckets * 2);
        }

        return _buckets++;
    }

    private void Push(int b)
    {
        double t = _time[b];
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(t, _time[_heap[parent]]))
            {
                break;
            }

            _heap[i] = _heap[parent];
            i = parent;
        }

        _heap[i] = b;
    }

    private void PopTop()
    {
        int last = _heap[--_count];
        double t = _time[last];
        int i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Less(_time[_heap[child + 1]], _time[_heap[child]]))
            {
                child++;
            }

            if (!Less(_time[_heap[child]], t))
            {
                break;
            }

            _heap[i] = _heap[child];
            i = child;
        }

        _heap[i] = last;
    }

    // Double.CompareTo's order (NaN first), as PriorityQueue's default comparer on (double, long) has it; two buckets
    // never have equal times, so the sequence numbers it would compare next are never needed.
    private static bool Less(double t1, double t2) => t1.CompareTo(t2) < 0;
}
