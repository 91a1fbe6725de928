using System.Globalization;
using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Wording;
using NodaTime;

namespace CollectionsBot.Bot.Dialogs.Contacts;

/// <summary>What the callback dialog has gathered.</summary>
public sealed class CallbackState
{
    /// <summary>Whether the bot asked when.</summary>
    public bool Asked { get; set; }
}

/// <summary>
/// "Contact me later": schedules the follow-up inside the contact window in the contact's time zone (the start of
/// the window on the day named, or the next day's window when no day is named), pauses reminders until then, and
/// notes another channel or address if one was given.
/// </summary>
public sealed class CallbackDialog : Dialog<CallbackState>
{
    /// <inheritdoc />
    public override string Id => DialogIds.Callback;

    /// <inheritdoc />
    protected override Task<DialogStatus> BeginAsync(TurnContext turn, CallbackState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        if (turn.Recognition.Entity(EntityNames.Date) is null && turn.Recognition.Entity(EntityNames.Email) is null)
        {
            state.Asked = true;
            Reprompt(turn, state);
            return Task.FromResult(DialogStatus.Waiting);
        }

        return ContinueAsync(turn, state);
    }

    /// <inheritdoc />
    protected override Task<DialogStatus> ContinueAsync(TurnContext turn, CallbackState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var profile = turn.Parties.Creditor?.Compliance ?? new ComplianceProfile();
        var zone = turn.Parties.TimeZone;
        DateOnly? day = turn.Recognition.Entity(EntityNames.Date) is { } d && DateOnly.TryParseExact(d.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && parsed >= turn.Today ? parsed : null;
        var target = day is { } date && date > turn.Today
            ? ContactWindow.ToInstant(zone, LocalDate.FromDateOnly(date).At(LocalTime.FromTimeOnly(profile.ContactWindowStart)))
            : turn.Now.AddDays(1);
        var due = ContactWindow.NextOpening(profile, zone, target);
        var email = turn.Recognition.Entity(EntityNames.Email)?.Value;
        var details = $"Callback requested for {ContactWindow.Local(zone, due):yyyy-MM-dd HH:mm} ({zone}){(email is null ? "" : $", by email to {email}")}: \"{turn.Inbound.Body}\"";
        turn.Db.FollowUps.Add(new FollowUpTask(turn.Parties.Case?.Id, turn.Conversation.Id, FollowUpKind.Callback, due, details, turn.Now));
        turn.Parties.Case?.PauseReminders(due);
        turn.Audit("callback.scheduled", new { due, email });
        var local = ContactWindow.Local(zone, due);
        turn.Say("callback.confirm", turn.Model() with
        {
            Date = Words.Date(DateOnly.FromDateTime(local.ToDateTimeUnspecified()), turn.Conversation.Channel),
            Detail = email ?? "",
        });
        return Task.FromResult(DialogStatus.Complete);
    }

    /// <inheritdoc />
    protected override void Reprompt(TurnContext turn, CallbackState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.Say("callback.ask_time");
    }

    /// <summary>While asking when, any answer but a global interruption is taken.</summary>
    protected override bool Accepts(TurnContext turn, CallbackState state) =>
        state.Asked && turn.Intent is not (Intents.OptOut or Intents.Insolvency or Intents.LegalRepresentation or Intents.Dispute or Intents.Hardship or Intents.RequestHuman or Intents.Abusive);
}
