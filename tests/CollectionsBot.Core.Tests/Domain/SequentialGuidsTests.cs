using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Tests.Domain;

public sealed class SequentialGuidsTests
{
    [Fact]
    public void ManyInOneMillisecond_SortInTheOrderMade_AsGuidsAndAsText()
    {
        var at = DateTimeOffset.UtcNow;
        var made = Enumerable.Range(0, 5000).Select(_ => SequentialGuids.Next(at)).ToList();

        Assert.Equal(made, made.Order().ToList());
        Assert.Equal(made.Select(g => g.ToString()), made.Select(g => g.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(made.Count, made.Distinct().Count());
        Assert.All(made, g => Assert.Equal(7, g.Version));
        Assert.All(made, g => Assert.Equal(0b10, g.Variant >> 2));
    }

    [Fact]
    public void TheTimeIsTheMillisecondGiven_AndATimeGoingBackwardsStillSortsAfter()
    {
        // Near now: the generator is process-wide, and later ids of this process follow this one.
        var later = DateTimeOffset.UtcNow.AddMilliseconds(500);
        var first = SequentialGuids.Next(later);
        Assert.Equal(later.ToUnixTimeMilliseconds(), Convert.ToInt64(first.ToString("N")[..12], 16));

        var earlier = SequentialGuids.Next(later.AddSeconds(-5));
        Assert.True(earlier.CompareTo(first) > 0);
    }
}
