namespace Memflux.Sweeps.Tests;

public class ParetoFrontTests
{
    [Fact]
    public void Matches_the_definition_on_random_points()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(0, 40);

            // Few distinct values, so ties and identical points are common.
            var cost = Enumerable.Range(0, n).Select(_ => (double)random.Next(6)).ToArray();
            var quality = Enumerable.Range(0, n).Select(_ => random.Next(6) == 0 ? double.NaN : random.Next(6)).ToArray();
            var front = ParetoFront.Mark(cost, quality);
            for (int i = 0; i < n; i++)
            {
                bool dominated = Enumerable.Range(0, n).Any(j =>
                    !double.IsNaN(quality[j]) && cost[j] <= cost[i] && quality[j] >= quality[i] && (cost[j] < cost[i] || quality[j] > quality[i]));
                Assert.Equal(!double.IsNaN(quality[i]) && !dominated, front[i]);
            }
        }
    }
}
