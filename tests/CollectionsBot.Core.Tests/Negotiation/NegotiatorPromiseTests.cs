using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Negotiation;

namespace CollectionsBot.Core.Tests.Negotiation;

public sealed class NegotiatorPromiseTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly Money Balance = Money.Of(1200m, "USD");

    // Defaults: latest date 14 days out; a partial promise needs max(100, 10 % of 1,200) = 120.
    private static readonly Negotiator Default = new(new NegotiationPolicy());

    [Fact]
    public void EvaluatePromise_NoAmountWithinDays_AcceptsTheFullBalance()
    {
        var decision = Default.EvaluatePromise(null, Today.AddDays(10), Balance, Today, 0);

        Assert.Equal(NegotiationOutcome.Accept, decision.Outcome);
        Assert.Equal(new PromiseTerms(Balance, Today.AddDays(10)), decision.Terms);
    }

    [Theory]
    [InlineData(120d, 14)]
    [InlineData(500d, 0)]
    [InlineData(1500d, 7)]
    public void EvaluatePromise_InsideLimits_Accepts(double amount, int days)
    {
        var decision = Default.EvaluatePromise((decimal)amount, Today.AddDays(days), Balance, Today, 0);

        Assert.Equal(NegotiationOutcome.Accept, decision.Outcome);
        Assert.Equal(Math.Min((decimal)amount, 1200m), decision.Terms!.Amount.Amount);
    }

    [Fact]
    public void EvaluatePromise_DateBeyondLimitRoundAfterRound_OffersEarliestDatesFirstThenEscalates()
    {
        var decisions = Enumerable.Range(0, 4).Select(round => Default.EvaluatePromise(null, Today.AddDays(30), Balance, Today, round)).ToList();

        Assert.Equal(
            [NegotiationOutcome.Counter, NegotiationOutcome.Counter, NegotiationOutcome.Counter, NegotiationOutcome.Escalate],
            decisions.Select(d => d.Outcome));
        Assert.Equal([4, 9, 14, 14], decisions.Select(d => d.Terms!.Date.DayNumber - Today.DayNumber));
        Assert.All(decisions, d => Assert.Equal(Balance, d.Terms!.Amount));
        Assert.All(decisions, d => Assert.Equal([NegotiationBreaches.MaxPromiseDays], d.Breaches));
        Assert.Equal(new PromiseTerms(Balance, Today.AddDays(30)), decisions[3].Requested);
    }

    [Fact]
    public void EvaluatePromise_PartialBelowFloor_CountersWithALadderAmountOnTheirDate()
    {
        var decisions = Enumerable.Range(0, 3).Select(round => Default.EvaluatePromise(100m, Today.AddDays(5), Balance, Today, round)).ToList();

        Assert.All(decisions, d => Assert.Equal([NegotiationBreaches.MinPromiseAmount], d.Breaches));
        Assert.Equal([840m, 480m, 120m], decisions.Select(d => d.Terms!.Amount.Amount));
        Assert.All(decisions, d => Assert.Equal(Today.AddDays(5), d.Terms!.Date));
    }

    [Fact]
    public void EvaluatePromise_BalanceBelowMinimumInstallment_AcceptsOnlyTheWholeBalance()
    {
        var small = Money.Of(80m, "USD");

        var partial = Default.EvaluatePromise(50m, Today.AddDays(3), small, Today, 0);
        var full = Default.EvaluatePromise(80m, Today.AddDays(3), small, Today, 0);

        Assert.Equal(NegotiationOutcome.Counter, partial.Outcome);
        Assert.Equal(small, partial.Terms!.Amount);
        Assert.Equal(NegotiationOutcome.Accept, full.Outcome);
    }

    [Theory]
    [InlineData(null, -1, NegotiationBreaches.InvalidDate)]
    [InlineData(0d, 3, NegotiationBreaches.InvalidAmount)]
    public void EvaluatePromise_PastDateOrNoAmount_IsInvalid(double? amount, int days, string breach)
    {
        var decision = Default.EvaluatePromise((decimal?)amount, Today.AddDays(days), Balance, Today, 0);

        Assert.Equal((NegotiationOutcome.Invalid, (PromiseTerms?)null), (decision.Outcome, decision.Terms));
        Assert.Equal([breach], decision.Breaches);
    }

    [Fact]
    public void EvaluatePromise_NoDate_IsInvalid()
    {
        var decision = Default.EvaluatePromise(500m, null, Balance, Today, 0);

        Assert.Equal(NegotiationOutcome.Invalid, decision.Outcome);
        Assert.Equal([NegotiationBreaches.MissingDate], decision.Breaches);
    }

    [Fact]
    public void ToPromise_AcceptedTerms_RecordsAPendingPromise()
    {
        var terms = Default.EvaluatePromise(300m, Today.AddDays(7), Balance, Today, 0).Terms!;

        var promise = terms.ToPromise(Guid.NewGuid(), null, new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

        Assert.Equal((300m, "USD", Today.AddDays(7), PromiseStatus.Pending), (promise.Amount, promise.CurrencyCode, promise.PromisedDate, promise.Status));
    }

    [Fact]
    public void EvaluatePromise_SameDayOnlyPolicy_CountersWithToday()
    {
        var negotiator = new Negotiator(new NegotiationPolicy { MaxPromiseDays = 0 });

        var decision = negotiator.EvaluatePromise(null, Today.AddDays(1), Balance, Today, 0);

        Assert.Equal((NegotiationOutcome.Counter, Today), (decision.Outcome, decision.Terms!.Date));
    }
}
