namespace Memflux.Cost;

/// <summary>
/// The dataflow simulator's event queue, ordered on (time, sequence number): events come out in exactly the order
/// <see cref="PriorityQueue{TElement, TPriority}"/> on the same keys gives (the order is total, sequence numbers being
/// unique and increasing). Most events of a simulation are due at the time of the event being handled (a unit's
/// messages leave when it is done, a consumer is ready when its input arrives); those go to a first-in, first-out run
/// of events in key order, the rest to a binary min-heap, and the earlier of the two heads comes out next. An event
/// joins the run only when it is due at the time of the last event taken out and sorts after the run's last event, so
/// the run stays sorted and the merge is exact.
/// </summary>
/// <typeparam name="T">The event.</typeparam>
internal sealed class EventQueue<T>
    where T : struct
{
    private (T Item, double Time, long Seq)[] _heap = new (T, double, long)[64];
    private int _count;

    private (T Item, double Time, long Seq)[] _run = new (T, double, long)[64];
    private int _runHead;
    private int _runCount;

    // The time of the last event taken out (0 before the first).
    private double _now;

    /// <summary>Events waiting.</summary>
    public int Count => _count + _runCount;

    /// <summary>Adds <paramref name="item"/> at <paramref name="time"/>; <paramref name="seq"/> breaks ties and must be larger than any before.</summary>
    public void Enqueue(T item, double time, long seq)
    {
        if (time.CompareTo(_now) == 0 && (_runCount == 0 || Less(_run[(_runHead + _runCount - 1) & (_run.Length - 1)].Time, _run[(_runHead + _runCount - 1) & (_run.Length - 1)].Seq, time, seq)))
        {
            if (_runCount == _run.Length)
            {
                GrowRun();
            }

            _run[(_runHead + _runCount++) & (_run.Length - 1)] = (item, time, seq);
            return;
        }

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
        if (_runCount > 0 && (_count == 0 || Less(_run[_runHead].Time, _run[_runHead].Seq, _heap[0].Time, _heap[0].Seq)))
        {
            (item, time, _) = _run[_runHead];
            _runHead = (_runHead + 1) & (_run.Length - 1);
            _runCount--;
            _now = time;
            return true;
        }

        if (_count == 0)
        {
            item = default;
            time = 0;
            return false;
        }

        (item, time, _) = _heap[0];
        _now = time;
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

    private void GrowRun()
    {
        var run = new (T, double, long)[_run.Length * 2];
        for (int i = 0; i < _runCount; i++)
        {
            run[i] = _run[(_runHead + i) & (_run.Length - 1)];
        }

        _run = run;
        _runHead = 0;
    }

    // The order of PriorityQueue's default comparer on (double, long): Double.CompareTo (NaN first), then the sequence.
    private static bool Less(double t1, long s1, double t2, long s2)
    {
        int c = t1.CompareTo(t2);
        return c < 0 || (c == 0 && s1 < s2);
    }
}
