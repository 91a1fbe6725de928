using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Negotiation;

namespace CollectionsBot.Core.Tests.Negotiation;

public sealed class NegotiatorPlanTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly Money Balance = Money.Of(1200m, "USD");

    // Defaults: 6 installments, 180 days, 10 % down, 100 minimum installment, every frequency, 14 promise days, 3 steps.
    private static readonly Negotiator Default = new(new NegotiationPolicy());

    [Fact]
    public void OpeningPlan_DefaultPolicy_AsksTheLargestDownPaymentAndOneInstallment()
    {
        var terms = Default.OpeningPlan(Balance, Today);

        Assert.Equal(PaymentFrequency.Monthly, terms.Frequency);
        Assert.Equal(
            [new ScheduledPayment(0, Today, Money.Of(360m, "USD")), new ScheduledPayment(1, new DateOnly(2026, 4, 2), Money.Of(840m, "USD"))],
            terms.Schedule);
    }

    [Fact]
    public void LadderPlan_EachStep_ConcedesDownPaymentAndInstallmentsUpToTheLimit()
    {
        var steps = Enumerable.Range(0, 4).Select(step => Default.LadderPlan(step, Balance, Today)).ToList();

        Assert.Equal([360m, 280m, 200m, 120m], steps.Select(t => t.DownPayment.Amount));
        Assert.Equal([1, 2, 3, 5], steps.Select(t => t.Installments));
        Assert.All(steps, t => Assert.Equal(PaymentFrequency.Monthly, t.Frequency));
    }

    [Fact]
    public void LadderPlan_LastStep_IsTheLongestPlanTheLimitsAllow()
    {
        var limit = Default.LadderPlan(3, Balance, Today);

        // A sixth monthly installment would end on 2 September, 184 days after the start: beyond 180.
        Assert.Equal([120m, 216m, 216m, 216m, 216m, 216m], limit.Schedule.Select(p => p.Amount.Amount));
        Assert.Equal(new DateOnly(2026, 8, 2), limit.LastDueDate);
        Assert.Equal(153, limit.LengthInDays);
        Assert.Equal(NegotiationOutcome.Counter, Default.EvaluatePlan(new PlanRequest(Installments: 6, Frequency: PaymentFrequency.Monthly, DownPayment: 120m), Balance, Today, 0).Outcome);
    }

    [Fact]
    public void EvaluatePlan_FullySpecifiedInsideLimits_AcceptsExactlyThoseTerms()
    {
        var request = new PlanRequest(Installments: 4, Frequency: PaymentFrequency.Monthly, DownPayment: 200m, StartDate: new DateOnly(2026, 3, 5));

        var decision = Default.EvaluatePlan(request, Balance, Today, 0);

        Assert.Equal(NegotiationOutcome.Accept, decision.Outcome);
        Assert.Empty(decision.Breaches);
        var terms = Assert.IsType<PlanTerms>(decision.Terms);
        Assert.Same(terms, decision.Requested);
        Assert.Equal([200m, 250m, 250m, 250m, 250m], terms.Schedule.Select(p => p.Amount.Amount));
        Assert.Equal(
            [new DateOnly(2026, 3, 5), new DateOnly(2026, 4, 5), new DateOnly(2026, 5, 5), new DateOnly(2026, 6, 5), new DateOnly(2026, 7, 5)],
            terms.Schedule.Select(p => p.DueDate));
    }

    [Fact]
    public void ToPlan_AcceptedTerms_RecordsTheScheduleTheDebtorSaw()
    {
        var terms = Default.EvaluatePlan(new PlanRequest(Installments: 3, Frequency: PaymentFrequency.Weekly, DownPaymentPercent: 15m), Money.Of(1000m, "USD"), Today, 0).Terms!;
        var caseId = Guid.NewGuid();

        var plan = terms.ToPlan(caseId, "bot", new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

        Assert.Equal(caseId, plan.CaseId);
        Assert.Equal(PlanStatus.Proposed, plan.Status);
        Assert.Equal(terms.Schedule.Select(p => (p.Sequence, p.DueDate, p.Amount.Amount)), plan.Installments.Select(i => (i.Sequence, i.DueDate, i.Amount)));
        Assert.Equal([150m, 283.33m, 283.33m, 283.34m], plan.Installments.Select(i => i.Amount));
    }

    [Fact]
    public void EvaluatePlan_CountOnly_TakesTheDownPaymentFromTheLastOffer()
    {
        var decision = Default.EvaluatePlan(new PlanRequest(Installments: 3, Frequency: PaymentFrequency.Monthly), Balance, Today, 0);

        Assert.Equal(NegotiationOutcome.Accept, decision.Outcome);
        Assert.Equal([360m, 280m, 280m, 280m], decision.Terms!.Schedule.Select(p => p.Amount.Amount));
        Assert.Equal(Today, decision.Terms.StartDate);
    }

    [Fact]
    public void EvaluatePlan_CountNeedingASmallerDownPayment_LowersTheOpenDownPaymentToFit()
    {
        var negotiator = new Negotiator(new NegotiationPolicy { MaxInstallments = 10, MaxPlanLengthDays = 365 });

        var decision = negotiator.EvaluatePlan(new PlanRequest(Installments: 9, Frequency: PaymentFrequency.Weekly), Money.Of(1000m, "USD"), Today, 0);

        Assert.Equal(NegotiationOutcome.Accept, decision.Outcome);
        Assert.Equal(100m, decision.Terms!.DownPayment.Amount);
        Assert.All(decision.Terms.Schedule, p => Assert.Equal(100m, p.Amount.Amount));
    }

    [Fact]
    public void EvaluatePlan_BeyondLimitsRoundAfterRound_ConcedesStepByStepThenEscalates()
    {
        var request = new PlanRequest(Installments: 12, Frequency: PaymentFrequency.Monthly);

        var decisions = Enumerable.Range(0, 4).Select(round => Default.EvaluatePlan(request, Balance, Today, round)).ToList();

        Assert.Equal(
            [NegotiationOutcome.Counter, NegotiationOutcome.Counter, NegotiationOutcome.Counter, NegotiationOutcome.Escalate],
            decisions.Select(d => d.Outcome));
        Assert.Equal([(280m, 2), (200m, 3), (120m, 5), (120m, 5)], decisions.Select(d => (d.Terms!.DownPayment.Amount, d.Terms.Installments)));
        Assert.All(decisions, d => Assert.Equal(PaymentFrequency.Monthly, d.Terms!.Frequency));
        Assert.Equal(
            [NegotiationBreaches.MaxInstallments, NegotiationBreaches.MinInstallment, NegotiationBreaches.MaxPlanLength],
            decisions[0].Breaches);
        Assert.Equal(12, decisions[3].Requested!.Installments);
    }

    [Fact]
    public void EvaluatePlan_AllowedFrequencyBeyondOtherLimits_CounterKeepsTheDebtorsFrequency()
    {
        var decision = Default.EvaluatePlan(new PlanRequest(Installments: 10, Frequency: PaymentFrequency.Weekly), Balance, Today, 0);

        Assert.Equal(NegotiationOutcome.Counter, decision.Outcome);
        Assert.Equal([NegotiationBreaches.MaxInstallments], decision.Breaches);
        Assert.Equal((PaymentFrequency.Weekly, 280m, 2), (decision.Terms!.Frequency, decision.Terms.DownPayment.Amount, decision.Terms.Installments));
        Assert.Equal([new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 16)], decision.Terms.Schedule.Skip(1).Select(p => p.DueDate));
    }

    [Fact]
    public void EvaluatePlan_FrequencyNotAllowed_CountersWithTheNearestAllowedFrequency()
    {
        var negotiator = new Negotiator(new NegotiationPolicy { AllowedFrequencies = PaymentFrequency.Weekly | PaymentFrequency.Biweekly });

        var decision = negotiator.EvaluatePlan(new PlanRequest(Installments: 2, Frequency: PaymentFrequency.Monthly), Balance, Today, 0);

        Assert.Equal(NegotiationOutcome.Counter, decision.Outcome);
        Assert.Equal([NegotiationBreaches.Frequency], decision.Breaches);
        Assert.Equal(PaymentFrequency.Biweekly, decision.Terms!.Frequency);
        Assert.Equal(2, decision.Terms.Installments);
    }

    [Fact]
    public void EvaluatePlan_CountTooLongAtTheirFrequency_CountersWithAMoreFrequentAllowedOne()
    {
        var negotiator = new Negotiator(new NegotiationPolicy { MaxPlanLengthDays = 45 });

        var decision = negotiator.EvaluatePlan(new PlanRequest(Installments: 3, Frequency: PaymentFrequency.Monthly), Balance, Today, 2);

        Assert.Equal(NegotiationOutcome.Counter, decision.Outcome);
        Assert.Equal([NegotiationBreaches.MaxPlanLength], decision.Breaches);
        Assert.Equal(PaymentFrequency.Biweekly, decision.Terms!.Frequency);
        Assert.Equal([120m, 360m, 360m, 360m], decision.Terms.Schedule.Select(p => p.Amount.Amount));
        Assert.Equal(42, decision.Terms.LengthInDays);
    }

    [Fact]
    public void EvaluatePlan_StartDateTooLate_CountersWithTheLatestStartAndTheirInstallmentAmount()
    {
        var request = new PlanRequest(InstallmentAmount: 300m, Frequency: PaymentFrequency.Weekly, StartDate: Today.AddDays(30));

        var decision = Default.EvaluatePlan(request, Balance, Today, 2);

        Assert.Equal(NegotiationOutcome.Counter, decision.Outcome);
        Assert.Equal([NegotiationBreaches.StartDate], decision.Breaches);
        Assert.Equal(Today.AddDays(14), decision.Terms!.StartDate);
        Assert.Equal([120m, 270m, 270m, 270m, 270m], decision.Terms.Schedule.Select(p => p.Amount.Amount));
        Assert.All(decision.Terms.Schedule.Skip(1), p => Assert.True(p.Amount.Amount <= 300m));
    }

    [Fact]
    public void OpeningPlan_BalanceBelowMinimumInstallment_IsASinglePayment()
    {
        var terms = Default.OpeningPlan(Money.Of(80m, "USD"), Today);

        Assert.True(terms.IsSinglePayment);
        Assert.Equal([new ScheduledPayment(1, Today, Money.Of(80m, "USD"))], terms.Schedule);
    }

    [Fact]
    public void EvaluatePlan_InstallmentsOnBalanceBelowMinimum_CountersAndEscalatesWithASinglePayment()
    {
        var small = Money.Of(80m, "USD");
        var request = new PlanRequest(Installments: 2);

        var counter = Default.EvaluatePlan(request, small, Today, 0);
        var escalate = Default.EvaluatePlan(request, small, Today, 3);
        var single = Default.EvaluatePlan(new PlanRequest(Installments: 1, StartDate: Today.AddDays(5)), small, Today, 0);

        Assert.Equal((NegotiationOutcome.Counter, true), (counter.Outcome, counter.Terms!.IsSinglePayment));
        Assert.Equal([NegotiationBreaches.MinInstallment], counter.Breaches);
        Assert.Equal((NegotiationOutcome.Escalate, true), (escalate.Outcome, escalate.Terms!.IsSinglePayment));
        Assert.Equal(NegotiationOutcome.Accept, single.Outcome);
        Assert.Equal([new ScheduledPayment(1, Today.AddDays(5), small)], single.Terms!.Schedule);
    }

    [Theory]
    [InlineData(PaymentFrequency.Monthly, new[] { "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30" })]
    [InlineData(PaymentFrequency.Biweekly, new[] { "2026-01-31", "2026-02-14", "2026-02-28", "2026-03-14" })]
    [InlineData(PaymentFrequency.Weekly, new[] { "2026-01-31", "2026-02-07", "2026-02-14", "2026-02-21" })]
    public void EvaluatePlan_MonthEndStart_SchedulesWholePeriodsFromTheStart(PaymentFrequency frequency, string[] expected)
    {
        var request = new PlanRequest(Installments: 3, Frequency: frequency, DownPayment: 300m, StartDate: new DateOnly(2026, 1, 31));

        var decision = Default.EvaluatePlan(request, Balance, new DateOnly(2026, 1, 20), 0);

        Assert.Equal(NegotiationOutcome.Accept, decision.Outcome);
        Assert.Equal(expected.Select(d => DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture)), decision.Terms!.Schedule.Select(p => p.DueDate));
    }

    [Fact]
    public void EvaluatePlan_LeapYearMonthEnd_LandsOnTheTwentyNinth()
    {
        var request = new PlanRequest(Installments: 2, Frequency: PaymentFrequency.Monthly, StartDate: new DateOnly(2028, 1, 31));

        var decision = Default.EvaluatePlan(request, Balance, new DateOnly(2028, 1, 25), 3);

        Assert.Equal(new DateOnly(2028, 2, 29), decision.Terms!.Schedule[1].DueDate);
    }

    [Fact]
    public void LadderPlan_Yen_RoundsToWholeYenAndSumsToTheBalance()
    {
        var balance = Money.Of(100001m, "JPY");

        var step = Default.LadderPlan(1, balance, Today);

        Assert.Equal([23334m, 38333m, 38334m], step.Schedule.Select(p => p.Amount.Amount));
        Assert.Equal(balance.Amount, step.Schedule.Sum(p => p.Amount.Amount));
    }

    [Fact]
    public void EvaluatePlan_UnevenDollarSplit_LastInstallmentTakesTheCents()
    {
        var decision = Default.EvaluatePlan(new PlanRequest(Installments: 3, Frequency: PaymentFrequency.Biweekly, DownPayment: 100.01m), Money.Of(1000m, "USD"), Today, 0);

        Assert.Equal([100.01m, 299.99m, 299.99m, 300.01m], decision.Terms!.Schedule.Select(p => p.Amount.Amount));
        Assert.Equal(1000m, decision.Terms.Schedule.Sum(p => p.Amount.Amount));
    }

    [Fact]
    public void LadderPlan_NoMinimumDownPayment_OpensWithASinglePaymentAndSpreadsWithoutDownPayment()
    {
        var negotiator = new Negotiator(new NegotiationPolicy { MinDownPaymentPercent = 0m });

        var steps = Enumerable.Range(0, 4).Select(step => negotiator.LadderPlan(step, Balance, Today)).ToList();

        Assert.True(steps[0].IsSinglePayment);
        Assert.Equal(steps[0], negotiator.OpeningPlan(Balance, Today));
        Assert.All(steps, t => Assert.Equal(0m, t.DownPayment.Amount));
        Assert.Equal([1, 2, 4, 6], steps.Select(t => t.Installments));
        Assert.Equal(new DateOnly(2026, 8, 2), steps[3].LastDueDate);
    }

    public static TheoryData<PlanRequest, string> UnusableRequests => new()
    {
        { new PlanRequest(), NegotiationBreaches.NoTerms },
        { new PlanRequest(Installments: 0), NegotiationBreaches.InvalidInstallments },
        { new PlanRequest(InstallmentAmount: -5m), NegotiationBreaches.InvalidAmount },
        { new PlanRequest(DownPaymentPercent: 120m), NegotiationBreaches.InvalidDownPayment },
        { new PlanRequest(DownPayment: 1200m), NegotiationBreaches.FullPayment },
        { new PlanRequest(DownPaymentPercent: 100m, Installments: 2), NegotiationBreaches.FullPayment },
        { new PlanRequest(Installments: 3, StartDate: new DateOnly(2026, 3, 1)), NegotiationBreaches.InvalidDate },
        { new PlanRequest(Frequency: PaymentFrequency.Weekly | PaymentFrequency.Monthly), NegotiationBreaches.InvalidFrequency },
        { new PlanRequest(InstallmentAmount: 0.01m), NegotiationBreaches.InvalidInstallments },
    };

    [Theory]
    [MemberData(nameof(UnusableRequests))]
    public void EvaluatePlan_UnusableRequest_IsInvalidWithTheReason(PlanRequest request, string breach)
    {
        var decision = Default.EvaluatePlan(request, Balance, Today, 0);

        Assert.Equal(NegotiationOutcome.Invalid, decision.Outcome);
        Assert.Null(decision.Terms);
        Assert.Equal([breach], decision.Breaches);
    }

    [Fact]
    public void Constructor_InvalidPolicy_ThrowsNamingTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => new Negotiator(new NegotiationPolicy { ConcessionSteps = 0 }));

        Assert.Contains(nameof(NegotiationPolicy.ConcessionSteps), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PolicyEditedAfterwards_KeepsTheLimitsItWasBuiltWith()
    {
        var policy = new NegotiationPolicy();
        var negotiator = new Negotiator(policy);

        policy.MaxInstallments = 12;
        policy.MaxPlanLengthDays = 400;

        Assert.Equal(NegotiationOutcome.Counter, negotiator.EvaluatePlan(new PlanRequest(Installments: 12, Frequency: PaymentFrequency.Monthly), Balance, Today, 0).Outcome);
    }

    [Fact]
    public void EvaluatePlan_NegativeRoundOrZeroBalance_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Default.EvaluatePlan(new PlanRequest(Installments: 2), Balance, Today, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Default.EvaluatePlan(new PlanRequest(Installments: 2), Money.Zero(Currency.Usd), Today, 0));
    }
}
