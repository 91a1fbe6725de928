using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Negotiation;

namespace CollectionsBot.Core.Tests.Negotiation;

public sealed class NegotiatorSettlementTests
{
    private static readonly Money Balance = Money.Of(1200m, "USD");

    // Defaults: at most 15 % off, 3 steps, so the ladder is 3.75 %, 7.5 %, 11.25 %, 15 % off.
    private static readonly Negotiator Default = new(new NegotiationPolicy());

    [Fact]
    public void OpeningSettlement_DefaultPolicy_OffersTheSmallestDiscount()
    {
        Assert.Equal(Money.Of(1155m, "USD"), Default.OpeningSettlement(Balance));
    }

    [Theory]
    [InlineData(1100d, null)]
    [InlineData(1020d, null)]
    [InlineData(null, 85d)]
    [InlineData(null, 90.5d)]
    public void EvaluateSettlement_DiscountWithinLimit_AcceptsTheOffer(double? amount, double? percent)
    {
        var decision = Default.EvaluateSettlement((decimal?)amount, (decimal?)percent, Balance, 0);

        Assert.Equal(NegotiationOutcome.Accept, decision.Outcome);
        Assert.Empty(decision.Breaches);
        Assert.Equal(decision.Requested, decision.Amount);
        Assert.Equal(amount is { } a ? (decimal)a : 12m * (decimal)percent!.Value, decision.Amount!.Value.Amount);
    }

    [Fact]
    public void EvaluateSettlement_BeyondLimitRoundAfterRound_ConcedesToTheLimitThenEscalates()
    {
        var decisions = Enumerable.Range(0, 4).Select(round => Default.EvaluateSettlement(1000m, null, Balance, round)).ToList();

        Assert.Equal(
            [NegotiationOutcome.Counter, NegotiationOutcome.Counter, NegotiationOutcome.Counter, NegotiationOutcome.Escalate],
            decisions.Select(d => d.Outcome));
        Assert.Equal([1110m, 1065m, 1020m, 1020m], decisions.Select(d => d.Amount!.Value.Amount));
        Assert.All(decisions, d => Assert.Equal([NegotiationBreaches.MaxSettlementDiscount], d.Breaches));
        Assert.All(decisions, d => Assert.Equal(Money.Of(1000m, "USD"), d.Requested));
    }

    [Theory]
    [InlineData(1200d, null)]
    [InlineData(1500d, null)]
    [InlineData(null, 100d)]
    public void EvaluateSettlement_OfferCoversTheBalance_IsAFullPaymentNotADeal(double? amount, double? percent)
    {
        var decision = Default.EvaluateSettlement((decimal?)amount, (decimal?)percent, Balance, 0);

        Assert.Equal(NegotiationOutcome.Invalid, decision.Outcome);
        Assert.Equal([NegotiationBreaches.FullPayment], decision.Breaches);
        Assert.Equal(Balance, decision.Requested);
    }

    [Theory]
    [InlineData(null, null, NegotiationBreaches.NoTerms)]
    [InlineData(0d, null, NegotiationBreaches.InvalidAmount)]
    [InlineData(null, -10d, NegotiationBreaches.InvalidAmount)]
    public void EvaluateSettlement_NothingUsable_IsInvalid(double? amount, double? percent, string breach)
    {
        var decision = Default.EvaluateSettlement((decimal?)amount, (decimal?)percent, Balance, 0);

        Assert.Equal((NegotiationOutcome.Invalid, (Money?)null), (decision.Outcome, decision.Amount));
        Assert.Equal([breach], decision.Breaches);
    }

    [Fact]
    public void EvaluateSettlement_Yen_RoundsUpToWholeYenNeverBelowTheLimit()
    {
        var balance = Money.Of(99999m, "JPY");

        // 15 % off 99,999 is 84,999.15: the bot may accept 85,000 but not 84,999.
        var below = Default.EvaluateSettlement(84999m, null, balance, 2);
        var limit = Default.EvaluateSettlement(null, 85m, balance, 0);
        var first = Default.EvaluateSettlement(50000m, null, balance, 0);

        Assert.Equal((NegotiationOutcome.Counter, 85000m), (below.Outcome, below.Amount!.Value.Amount));
        Assert.Equal((NegotiationOutcome.Accept, 85000m), (limit.Outcome, limit.Amount!.Value.Amount));
        Assert.Equal(92500m, first.Amount!.Value.Amount);
    }

    [Fact]
    public void EvaluateSettlement_PolicyWithoutDiscount_CountersWithTheFullBalance()
    {
        var negotiator = new Negotiator(new NegotiationPolicy { MaxSettlementDiscountPercent = 0m });

        var decision = negotiator.EvaluateSettlement(1199.99m, null, Balance, 0);

        Assert.Equal((NegotiationOutcome.Counter, Balance), (decision.Outcome, decision.Amount!.Value));
    }
}
