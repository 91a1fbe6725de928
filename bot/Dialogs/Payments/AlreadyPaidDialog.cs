using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Wording;

namespace CollectionsBot.Bot.Dialogs.Payments;

/// <summary>What the debtor has told us about a payment they say is made.</summary>
public sealed class AlreadyPaidState
{
    /// <summary>When they paid.</summary>
    public DateOnly? PaidOn { get; set; }

    /// <summary>How much.</summary>
    public decimal? Amount { get; set; }

    /// <summary>The currency they stated.</summary>
    public string? Currency { get; set; }

    /// <summary>A remittance reference, check number or the like.</summary>
    public string? Reference { get; set; }

    /// <summary>Whether the bot has asked for the missing details once.</summary>
    public bool Asked { get; set; }
}

/// <summary>
/// "We already paid": captures date, amount and reference (asking once for what is missing), pauses reminders, and
/// queues a check for a person. The bot keeps the conversation.
/// </summary>
public sealed class AlreadyPaidDialog : Dialog<AlreadyPaidState>
{
    /// <summary>How long reminders pause while a person checks.</summary>
    public static readonly TimeSpan ReminderPause = TimeSpan.FromDays(7);

    /// <inheritdoc />
    public override string Id => DialogIds.AlreadyPaid;

    /// <inheritdoc />
    protected override Task<DialogStatus> BeginAsync(TurnContext turn, AlreadyPaidState state) => ContinueAsync(turn, state);

    /// <inheritdoc />
    protected override Task<DialogStatus> ContinueAsync(TurnContext turn, AlreadyPaidState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        Capture(turn, state);
        if (!state.Asked && (state.PaidOn is null || state.Amount is null || state.Reference is null))
        {
            state.Asked = true;
            Reprompt(turn, state);
            return Task.FromResult(DialogStatus.Waiting);
        }

        var details = $"Debtor says paid {(state.Amount is { } a ? Words.Money(a, state.Currency ?? Currency(turn)) : "an unstated amount")} on {state.PaidOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "an unstated date"}, reference {state.Reference ?? "not given"}. Their words: \"{turn.Inbound.Body}\"";
        var caseId = turn.Parties.Case?.Id;
        turn.Db.FollowUps.Add(new FollowUpTask(caseId, turn.Conversation.Id, FollowUpKind.VerifyPayment, turn.Now, details, turn.Now));
        turn.Parties.Case?.PauseReminders(turn.Now + ReminderPause);
        turn.Audit("payment.claimed", new { state.PaidOn, state.Amount, state.Currency, state.Reference });
        turn.Say("already_paid.thanks", turn.Model() with
        {
            Amount = state.Amount is { } amount ? Words.Money(amount, state.Currency ?? Currency(turn)) : "",
            Date = state.PaidOn is { } date ? Words.Date(date, turn.Conversation.Channel) : "",
            Detail = state.Reference ?? "",
        });
        return Task.FromResult(DialogStatus.Complete);
    }

    /// <inheritdoc />
    protected override void Reprompt(TurnContext turn, AlreadyPaidState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.Say("already_paid.ask_details");
    }

    /// <summary>Any answer to the question for details is taken, except a global interruption.</summary>
    protected override bool Accepts(TurnContext turn, AlreadyPaidState state) =>
        turn.Intent is not (Intents.OptOut or Intents.Insolvency or Intents.LegalRepresentation or Intents.Dispute or Intents.Hardship or Intents.RequestHuman or Intents.Abusive);

    private static void Capture(TurnContext turn, AlreadyPaidState state)
    {
        var recognition = turn.Recognition;
        if (recognition.Entity(EntityNames.Date) is { } date && DateOnly.TryParseExact(date.Value, "yyyy-MM-dd", out var paidOn))
        {
            state.PaidOn ??= paidOn;
        }

        if (recognition.Entity(EntityNames.Amount) is { } amount && decimal.TryParse(amount.Value, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            state.Amount ??= value;
            state.Currency ??= recognition.Entity(EntityNames.Currency)?.Value;
        }

        state.Reference ??= PaymentReference.Find(turn.Inbound.Body, recognition);
    }

    private static string Currency(TurnContext turn) => turn.Parties.CollectibleBalance()?.Currency.Code ?? "USD";
}
