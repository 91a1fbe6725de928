using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Negotiation;

namespace CollectionsBot.Core.Tests.Negotiation;

/// <summary>
/// Random policies, balances, days and requests from a fixed seed, checked against rules written here from the
/// policy's own documentation rather than taken from the negotiator.
/// </summary>
public sealed class NegotiatorPropertyTests
{
    private const int Cases = 1500;

    [Fact]
    public void LadderPlan_RandomPolicies_EveryStepSatisfiesThePolicy()
    {
        var random = new Random(20260302);
        for (var i = 0; i < Cases; i++)
        {
            var (policy, balance, today) = RandomCase(random);
            var negotiator = new Negotiator(policy);

            for (var step = 0; step <= policy.ConcessionSteps; step++)
            {
                var terms = negotiator.LadderPlan(step, balance, today);
                Assert.True(Violations(terms, policy, balance, today).Count == 0, Describe(i, policy, balance, today, $"step {step}: {string.Join(", ", Violations(terms, policy, balance, today))}"));
            }

            Assert.Equal(negotiator.LadderPlan(0, balance, today).Schedule, negotiator.OpeningPlan(balance, today).Schedule);
        }
    }

    [Fact]
    public void LadderPlan_RandomPolicies_EachStepIsNoWorseForTheDebtorThanTheOneBefore()
    {
        var random = new Random(7);
        for (var i = 0; i < Cases; i++)
        {
            var (policy, balance, today) = RandomCase(random);
            var negotiator = new Negotiator(policy);
            var steps = Enumerable.Range(0, policy.ConcessionSteps + 1).Select(step => negotiator.LadderPlan(step, balance, today)).ToList();

            for (var step = 1; step < steps.Count; step++)
            {
                var (before, after) = (steps[step - 1], steps[step]);
                var context = Describe(i, policy, balance, today, $"step {step}");
                Assert.True(after.Schedule[0].Amount.Amount <= before.Schedule[0].Amount.Amount, context);
                Assert.True(after.Installments >= before.Installments || before.IsSinglePayment, context);
                Assert.True(after.LastDueDate >= before.LastDueDate, context);

                // By any date the debtor owes no more than before, give or take a minor unit per installment of rounding.
                var slack = after.Installments * MinorUnit(balance.Currency);
                foreach (var date in before.Schedule.Concat(after.Schedule).Select(p => p.DueDate))
                {
                    Assert.True(DueBy(after, date) <= DueBy(before, date) + slack, context + $" by {date}");
                }
            }
        }
    }

    [Fact]
    public void EvaluatePlan_RandomRequests_AcceptsExactlyWhatIsInsideAndNeverOffersBeyond()
    {
        var random = new Random(42);
        var outcomes = new Dictionary<NegotiationOutcome, int>();
        for (var i = 0; i < Cases; i++)
        {
            var (policy, balance, today) = RandomCase(random);
            var negotiator = new Negotiator(policy);
            var request = RandomRequest(random, balance, today);
            var round = random.Next(0, policy.ConcessionSteps + 2);

            var decision = negotiator.EvaluatePlan(request, balance, today, round);

            var context = Describe(i, policy, balance, today, $"{request} round {round}: {decision.Outcome} {string.Join(",", decision.Breaches)}");
            outcomes[decision.Outcome] = outcomes.GetValueOrDefault(decision.Outcome) + 1;
            if (decision.Outcome == NegotiationOutcome.Invalid)
            {
                Assert.Null(decision.Terms);
                Assert.NotEmpty(decision.Breaches);
                continue;
            }

            var requested = Assert.IsType<PlanTerms>(decision.Requested);
            var terms = Assert.IsType<PlanTerms>(decision.Terms);
            Assert.True(Violations(terms, policy, balance, today).Count == 0, context + " terms: " + string.Join(", ", Violations(terms, policy, balance, today)));
            Assert.Equal(Violations(requested, policy, balance, today).Count == 0, decision.Outcome == NegotiationOutcome.Accept);
            Assert.Equal(decision.Outcome == NegotiationOutcome.Accept, decision.Breaches.Count == 0);
            Assert.Equal(decision.Outcome == NegotiationOutcome.Escalate, decision.Outcome != NegotiationOutcome.Accept && round >= policy.ConcessionSteps);
            AssertHonoursTheRequest(request, requested, balance, context);
        }

        // The generator reaches every outcome often enough for the checks above to mean something.
        Assert.All(Enum.GetValues<NegotiationOutcome>(), outcome => Assert.True(outcomes.GetValueOrDefault(outcome) >= 50, $"{outcome}: {outcomes.GetValueOrDefault(outcome)}"));
    }

    [Fact]
    public void EvaluateSettlement_RandomOffers_NeverAgreesBelowTheLimit()
    {
        var random = new Random(99);
        for (var i = 0; i < Cases; i++)
        {
            var (policy, balance, _) = RandomCase(random);
            var negotiator = new Negotiator(policy);
            var offer = Round(balance.Amount * (decimal)random.NextDouble() * 1.1m, balance.Currency);
            var round = random.Next(0, policy.ConcessionSteps + 2);

            var decision = negotiator.EvaluateSettlement(offer, null, balance, round);

            var limit = balance.Amount * (100m - policy.MaxSettlementDiscountPercent) / 100m;
            var context = $"case {i}: {offer} of {balance}, max {policy.MaxSettlementDiscountPercent} %, round {round}: {decision.Outcome} {decision.Amount}";
            if (decision.Outcome != NegotiationOutcome.Invalid)
            {
                Assert.True(decision.Amount!.Value.Amount >= limit && decision.Amount.Value.Amount <= balance.Amount, context);
                Assert.True(balance.Currency.IsRepresentable(decision.Amount.Value.Amount), context);
                Assert.Equal(offer >= limit, decision.Outcome == NegotiationOutcome.Accept);
            }
            else
            {
                Assert.True(offer <= 0m || offer >= balance.Amount, context);
            }
        }
    }

    [Fact]
    public void EvaluatePromise_RandomPromises_NeverAgreesBeyondTheLimits()
    {
        var random = new Random(1234);
        for (var i = 0; i < Cases; i++)
        {
            var (policy, balance, today) = RandomCase(random);
            var negotiator = new Negotiator(policy);
            decimal? amount = random.Next(3) == 0 ? null : Round(balance.Amount * (decimal)random.NextDouble(), balance.Currency);
            var date = today.AddDays(random.Next(-2, 40));
            var round = random.Next(0, policy.ConcessionSteps + 2);

            var decision = negotiator.EvaluatePromise(amount, date, balance, today, round);

            var context = $"case {i}: {amount} by {date} on {balance}, round {round}: {decision.Outcome} {decision.Terms}";
            if (decision.Outcome == NegotiationOutcome.Invalid)
            {
                Assert.True(date < today || amount <= 0m, context);
                continue;
            }

            var floor = Math.Min(balance.Amount, Math.Max(policy.MinInstallmentAmount, balance.Amount * policy.MinDownPaymentPercent / 100m));
            var terms = decision.Terms!;
            Assert.True(terms.Date >= today && terms.Date <= today.AddDays(policy.MaxPromiseDays), context);
            Assert.True(terms.Amount.Amount >= floor && terms.Amount.Amount <= balance.Amount, context);
        }
    }

    // The policy's rules, written from NegotiationPolicy's documentation. A single payment of the whole balance on the
    // start date needs only the start date rule.
    private static List<string> Violations(PlanTerms terms, NegotiationPolicy policy, Money balance, DateOnly today)
    {
        var violations = new List<string>();
        var schedule = terms.Schedule;
        if (schedule.Sum(p => p.Amount.Amount) != balance.Amount || schedule.Any(p => !p.Amount.IsPositive || p.Amount.Currency != balance.Currency))
        {
            violations.Add("sum");
        }

        var installments = schedule.Where(p => p.Sequence > 0).ToList();
        if (schedule.Count > 1)
        {
            if ((policy.AllowedFrequencies & terms.Frequency) != terms.Frequency)
            {
                violations.Add("frequency");
            }

            if (installments.Count > policy.MaxInstallments)
            {
                violations.Add("installments");
            }

            var down = schedule.Where(p => p.Sequence == 0).Sum(p => p.Amount.Amount);
            if (down < balance.Amount * policy.MinDownPaymentPercent / 100m)
            {
                violations.Add("down");
            }

            if (installments.Any(p => p.Amount.Amount < policy.MinInstallmentAmount))
            {
                violations.Add("installment");
            }
        }

        if (schedule[^1].DueDate.DayNumber - schedule[0].DueDate.DayNumber > policy.MaxPlanLengthDays)
        {
            violations.Add("length");
        }

        if (schedule[0].DueDate < today || schedule[0].DueDate > today.AddDays(policy.MaxPromiseDays))
        {
            violations.Add("start");
        }

        return violations;
    }

    private static void AssertHonoursTheRequest(PlanRequest request, PlanTerms requested, Money balance, string context)
    {
        if (request.Installments is { } count)
        {
            Assert.True(requested.Installments == count, context);
        }

        if (request.DownPayment is { } down && !(request.Installments == 1 && down == 0m))
        {
            Assert.True(requested.DownPayment.Amount == Round(down, balance.Currency), context);
        }

        if (request.StartDate is { } start)
        {
            Assert.True(requested.StartDate == start, context);
        }
    }

    private static decimal DueBy(PlanTerms terms, DateOnly date) => terms.Schedule.Where(p => p.DueDate <= date).Sum(p => p.Amount.Amount);

    private static (NegotiationPolicy Policy, Money Balance, DateOnly Today) RandomCase(Random random)
    {
        var frequencies = (PaymentFrequency)random.Next(1, 8);
        var policy = new NegotiationPolicy
        {
            MaxInstallments = random.Next(1, 25),
            MaxPlanLengthDays = random.Next(4) == 0 ? random.Next(1, 30) : random.Next(30, 400),
            MinDownPaymentPercent = random.Next(4) == 0 ? 0m : random.Next(0, 6001) / 100m,
            MinInstallmentAmount = random.Next(1, 50001) / 100m,
            AllowedFrequencies = frequencies,
            MaxSettlementDiscountPercent = random.Next(0, 5001) / 100m,
            MaxPromiseDays = random.Next(0, 31),
            ConcessionSteps = random.Next(1, 7),
        };
        var balance = random.Next(3) == 0
            ? Money.Of(random.Next(1, 2_000_001), "JPY")
            : Money.Of(random.Next(1, 2_000_001) / 100m, "USD");
        if (balance.Currency.Code == "JPY")
        {
            policy.MinInstallmentAmount = random.Next(1, 50001);
        }

        // Month ends and leap days are where date arithmetic goes wrong.
        var today = random.Next(3) == 0
            ? new DateOnly(2026 + random.Next(0, 3), random.Next(1, 13), 1).AddMonths(1).AddDays(-1 - random.Next(0, 3))
            : new DateOnly(2026, 1, 1).AddDays(random.Next(0, 1100));
        return (policy, balance, today);
    }

    private static PlanRequest RandomRequest(Random random, Money balance, DateOnly today)
    {
        PaymentFrequency[] frequencies = [PaymentFrequency.Weekly, PaymentFrequency.Biweekly, PaymentFrequency.Monthly];
        return new PlanRequest(
            InstallmentAmount: random.Next(4) == 0 ? Round(balance.Amount * (decimal)random.NextDouble() / 2m, balance.Currency) + MinorUnit(balance.Currency) : null,
            Installments: random.Next(2) == 0 ? random.Next(1, 30) : null,
            Frequency: random.Next(2) == 0 ? frequencies[random.Next(3)] : null,
            DownPayment: random.Next(4) == 0 ? Round(balance.Amount * (decimal)random.NextDouble() * 0.6m, balance.Currency) : null,
            DownPaymentPercent: random.Next(5) == 0 ? random.Next(0, 70) : null,
            StartDate: random.Next(2) == 0 ? today.AddDays(random.Next(-1, 40)) : null);
    }

    private static decimal Round(decimal amount, Currency currency) => decimal.Round(amount, currency.MinorDigits, MidpointRounding.ToZero);

    private static decimal MinorUnit(Currency currency) => currency.MinorDigits == 0 ? 1m : 0.01m;

    private static string Describe(int index, NegotiationPolicy p, Money balance, DateOnly today, string what) =>
        $"case {index}: {balance} on {today:yyyy-MM-dd}, policy inst {p.MaxInstallments} len {p.MaxPlanLengthDays} down {p.MinDownPaymentPercent} " +
        $"min {p.MinInstallmentAmount} freq {p.AllowedFrequencies} promise {p.MaxPromiseDays} steps {p.ConcessionSteps}; {what}";
}
