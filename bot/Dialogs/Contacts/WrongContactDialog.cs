using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Bot.Dialogs.Contacts;

/// <summary>What the wrong-contact dialog has gathered.</summary>
public sealed class WrongContactState
{
    /// <summary>Whether the bot asked for the right contact.</summary>
    public bool Asked { get; set; }
}

/// <summary>
/// Wrong person: the contact is no longer messaged, the bot asks once (politely, disclosing nothing) who handles
/// accounts payable, and records what it is given for a person to add.
/// </summary>
public sealed class WrongContactDialog : Dialog<WrongContactState>
{
    /// <inheritdoc />
    public override string Id => DialogIds.WrongContact;

    /// <inheritdoc />
    protected override Task<DialogStatus> BeginAsync(TurnContext turn, WrongContactState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        turn.Parties.Contact?.MarkInvalid(turn.Now);
        turn.Audit("contact.wrong_contact", new { contact = turn.Parties.Contact?.Id }, rule: "cease.wrong_contact");
        if (HasDetails(turn))
        {
            return Task.FromResult(Record(turn));
        }

        state.Asked = true;
        Reprompt(turn, state);
        return Task.FromResult(DialogStatus.Waiting);
    }

    /// <inheritdoc />
    protected override Task<DialogStatus> ContinueAsync(TurnContext turn, WrongContactState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!HasDetails(turn) && turn.Intent is Intents.Deny or Intents.ThanksBye)
        {
            turn.Say("wrong_contact.sorry");
            turn.Conversation.Resolve();
            return Task.FromResult(DialogStatus.Complete);
        }

        return Task.FromResult(Record(turn));
    }

    /// <inheritdoc />
    protected override void Reprompt(TurnContext turn, WrongContactState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.Say("wrong_contact.ask");
    }

    /// <summary>While asking, any answer but an opt-out or abuse is taken.</summary>
    protected override bool Accepts(TurnContext turn, WrongContactState state) =>
        state.Asked && turn.Intent is not (Intents.OptOut or Intents.Abusive);

    private static bool HasDetails(TurnContext turn) =>
        turn.Recognition.Entity(EntityNames.Email) is not null || ContactDetails.Phone(turn.Inbound.Body, turn.Conversation.Address) is not null || ContactDetails.Name(turn.Inbound.Body) is not null;

    private static DialogStatus Record(TurnContext turn)
    {
        var details = $"Wrong contact; the right AP contact, as given: \"{turn.Inbound.Body}\"";
        turn.Db.FollowUps.Add(new FollowUpTask(turn.Parties.Case?.Id, turn.Conversation.Id, FollowUpKind.UpdateContact, turn.Now, details, turn.Now));
        turn.Audit("contact.referral", new { email = turn.Recognition.Entity(EntityNames.Email)?.Value, phone = ContactDetails.Phone(turn.Inbound.Body, turn.Conversation.Address), name = ContactDetails.Name(turn.Inbound.Body) });
        turn.Say("wrong_contact.thanks");
        turn.Conversation.Resolve();
        return DialogStatus.Complete;
    }
}
