using CollectionsBot.Bot.Dialogs.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.Bot.Tests.Conversations;

public sealed class TurnSlotsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Full_NextWaitsAndSlotsGoInTheOrderAsked()
    {
        using var slots = new TurnSlots(2);
        var first = await slots.EnterAsync(Ct);
        var second = await slots.EnterAsync(Ct);
        var third = slots.EnterAsync(Ct);
        var fourth = slots.EnterAsync(Ct);
        await Task.Delay(100, Ct);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, slots.Running);

        first.Dispose();
        first.Dispose(); // a second dispose gives back nothing more
        var thirdSlot = await third.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await Task.Delay(100, Ct);
        Assert.False(fourth.IsCompleted);

        second.Dispose();
        (await fourth.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Dispose();
        thirdSlot.Dispose();
        Assert.Equal(0, slots.Running);
    }

    [Fact]
    public async Task WaitCancelled_TakesNoSlot()
    {
        using var slots = new TurnSlots(1);
        var held = await slots.EnterAsync(Ct);
        using var cancel = new CancellationTokenSource();
        var waiting = slots.EnterAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        held.Dispose();
        Assert.Equal(0, slots.Running);
        (await slots.EnterAsync(Ct)).Dispose();
    }

    [Fact]
    public void Capacity_BelowOne_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TurnSlots(0));

    [Fact]
    public async Task Engine_AllSlotsTaken_TurnWaitsThenRunsOnceOneIsFree()
    {
        await using var harness = await ConversationHarness.StartAsync(settings: "--Conversations:MaxTurnsAtOnce=1");
        var slots = harness.Services.GetRequiredService<TurnSlots>();
        Assert.Equal(1, slots.Capacity);

        var busy = await slots.EnterAsync(Ct);
        var turn = harness.Sms().SendAsync("hello");
        await Task.Delay(300, Ct);
        Assert.False(turn.IsCompleted);

        busy.Dispose();
        var result = await turn.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.False(result.Duplicate);
        Assert.NotEmpty(result.Replies);
        Assert.Equal(0, slots.Running);
    }
}
