using System.Globalization;
using System.Text.RegularExpressions;
using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Negotiation;
using CollectionsBot.Core.Wording;

namespace CollectionsBot.Bot.Dialogs.Negotiation;

/// <summary>Reads terms out of a debtor's message and words terms back; shared by the negotiation dialogs.</summary>
public static partial class NegotiationWords
{
    /// <summary>The plan terms a message states (any part may be missing).</summary>
    public static PlanRequest PlanRequest(Recognition recognition)
    {
        ArgumentNullException.ThrowIfNull(recognition);
        decimal? installment = null;
        decimal? down = null;
        foreach (var amount in recognition.Entities.Where(e => e.Entity == EntityNames.Amount))
        {
            if (!decimal.TryParse(amount.Value, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var around = Around(recognition.Text, amount.Start, amount.End);
            if (down is null && DownPaymentCue().IsMatch(around))
            {
                down = value;
            }
            else
            {
                installment ??= value;
            }
        }

        var installments = recognition.Entity(EntityNames.Installments) is { } count && int.TryParse(count.Value, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        PaymentFrequency? frequency = recognition.Entity(EntityNames.Frequency)?.Value switch
        {
            "weekly" => PaymentFrequency.Weekly,
            "biweekly" => PaymentFrequency.Biweekly,
            "monthly" => PaymentFrequency.Monthly,
            _ => null,
        };
        var percent = recognition.Entity(EntityNames.Percent) is { } p && decimal.TryParse(p.Value, CultureInfo.InvariantCulture, out var pv) ? pv : (decimal?)null;
        return new PlanRequest(installment, installments, frequency, down, down is null ? percent : null, Date(recognition));
    }

    /// <summary>The first date a message states.</summary>
    public static DateOnly? Date(Recognition recognition)
    {
        ArgumentNullException.ThrowIfNull(recognition);
        return recognition.Entity(EntityNames.Date) is { } date && DateOnly.TryParseExact(date.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : null;
    }

    /// <summary>The first amount a message states.</summary>
    public static decimal? Amount(Recognition recognition)
    {
        ArgumentNullException.ThrowIfNull(recognition);
        return recognition.Entity(EntityNames.Amount) is { } amount && decimal.TryParse(amount.Value, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>The first percent a message states.</summary>
    public static decimal? Percent(Recognition recognition)
    {
        ArgumentNullException.ThrowIfNull(recognition);
        return recognition.Entity(EntityNames.Percent) is { } percent && decimal.TryParse(percent.Value, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>Moves the case to Arranged when its stage allows.</summary>
    public static void MarkArranged(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Parties.Case is { } collectionCase)
        {
            Agreements.MarkArranged(collectionCase, turn.Now);
        }
    }

    /// <summary>Moves the case to Negotiating when its stage allows.</summary>
    public static void MarkNegotiating(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Parties.Case is { } collectionCase && CollectionCase.AllowedTransitions(collectionCase.Stage).Contains(CaseStage.Negotiating))
        {
            collectionCase.MoveTo(CaseStage.Negotiating, turn.Now);
        }
    }

    private static string Around(string text, int start, int end)
    {
        var from = Math.Max(0, start - 20);
        var to = Math.Min(text.Length, end + 20);
        return text[from..to];
    }

    [GeneratedRegex(@"\b(down|up ?front|deposit|initial|right away|immediately|now|today|first payment of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DownPaymentCue();
}
