namespace Memflux.Cost.Tests;

/// <summary>The simulator's event queue gives the order of a priority queue on (time, sequence number).</summary>
public class EventQueueTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Events_come_out_as_a_priority_queue_on_time_and_sequence_gives_them(int seed)
    {
        // Few distinct times (many ties), zeros of both signs, NaN, infinity; dequeues interleaved with enqueues at and
        // after the current time, as the simulator does.
        var random = new Random(seed);
        double[] times = [0.0, -0.0, 1, 1.5, 2, 3, 1e9, double.PositiveInfinity, double.NaN];
        var queue = new EventQueue<int>();
        var reference = new PriorityQueue<int, (double, long)>();
        long seq = 0;
        double now = 0;
        var got = new List<(int, long)>();
        var expected = new List<(int, long)>();
        for (int step = 0; step < 5000; step++)
        {
            if (random.Next(3) > 0 || reference.Count == 0)
            {
                double t = random.Next(4) == 0 ? now : random.Next(10) == 0 ? times[random.Next(times.Length)] : now + times[random.Next(2, 6)];
                queue.Enqueue((int)seq, t);
                reference.Enqueue((int)seq, (t, seq));
                seq++;
            }
            else
            {
                Assert.True(queue.TryDequeue(out int item, out double t));
                reference.TryDequeue(out int want, out var key);
                got.Add((item, BitConverter.DoubleToInt64Bits(t)));
                expected.Add((want, BitConverter.DoubleToInt64Bits(key.Item1)));
                now = double.IsFinite(t) ? t : now;
            }
        }

        while (reference.TryDequeue(out int want, out var key))
        {
            Assert.True(queue.TryDequeue(out int item, out double t));
            got.Add((item, BitConverter.DoubleToInt64Bits(t)));
            expected.Add((want, BitConverter.DoubleToInt64Bits(key.Item1)));
        }

        Assert.False(queue.TryDequeue(out _, out _));
        Assert.Equal(expected, got);
    }
}
