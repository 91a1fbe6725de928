using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Negotiation;

namespace CollectionsBot.Core.Wording;

/// <summary>
/// The words of a conversation's messages, whoever sends them (the bot, or a person at the desk): the parties and
/// their debt, and plan terms.
/// </summary>
public static class ConversationWords
{
    /// <summary>The model every message of a conversation starts from: who is who, the open balance and invoices.</summary>
    public static PromptModel ForParties(ConversationParties parties, Channel channel, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(parties);
        var balance = parties.CollectibleBalance();
        return PromptModel.For(channel) with
        {
            ContactName = parties.Contact?.Name ?? "",
            CreditorName = parties.Creditor?.Name ?? "",
            DebtorName = parties.Debtor?.Name ?? "",
            Total = balance is { } b ? Words.Money(b) : "",
            Invoices = [.. parties.Collectible.Select(i => new InvoiceLine(i.Number, Words.Date(i.DueDate, channel), Words.Money(i.OpenBalance), Math.Max(0, i.DaysPastDue(today))))],
            ContactHours = parties.Creditor is { } c ? $"{Words.Time(c.Compliance.ContactWindowStart)} and {Words.Time(c.Compliance.ContactWindowEnd)}" : "",
        };
    }

    /// <summary>A model showing <paramref name="terms"/>: schedule, counts, amounts.</summary>
    public static PromptModel WithPlan(this PromptModel model, PlanTerms terms, Channel channel)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(terms);
        var down = terms.DownPayment.IsPositive;
        var regular = terms.Schedule.Where(s => !(down && s.Sequence == 0)).ToList();
        return model with
        {
            Total = Words.Money(terms.Total),
            Schedule = [.. terms.Schedule.Select(s => new ScheduleLine(s.Sequence, Words.Date(s.DueDate, channel), Words.Money(s.Amount), down && s.Sequence == 0))],
            Installments = terms.Installments,
            InstallmentAmount = regular.Count > 0 ? Words.Money(regular[0].Amount) : "",
            DownPayment = down ? Words.Money(terms.DownPayment) : "",
            Frequency = Words.Frequency(terms.Frequency),
        };
    }
}
