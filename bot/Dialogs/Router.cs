using System.Collections.Frozen;
using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Bot.Dialogs;

/// <summary>
/// Decides who takes a message: the waiting dialog when its question takes it; else a global interruption
/// (opt-out, insolvency, counsel, dispute, hardship, a person, wrong contact, abuse) that ends whatever was going
/// on; else a new topic (behind verification when it needs debt details); else small talk, answered before the
/// waiting question is asked again. Two messages in a row not understood earn the offer of a person.
/// </summary>
public sealed class Router(IEnumerable<IImmediateHandler> handlers)
{
    private static readonly FrozenDictionary<string, string> TopicDialogs = new Dictionary<string, string>
    {
        [Intents.PaymentPlan] = DialogIds.PaymentPlan,
        [Intents.SettlementOffer] = DialogIds.Settlement,
        [Intents.PromiseToPay] = DialogIds.PromiseToPay,
        [Intents.AlreadyPaid] = DialogIds.AlreadyPaid,
        [Intents.Dispute] = DialogIds.Dispute,
        [Intents.LegalRepresentation] = DialogIds.Counsel,
        [Intents.WrongContact] = DialogIds.WrongContact,
        [Intents.CallbackLater] = DialogIds.Callback,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Interruptions = new[]
    {
        Intents.OptOut, Intents.Insolvency, Intents.LegalRepresentation, Intents.Dispute, Intents.Hardship,
        Intents.RequestHuman, Intents.WrongContact, Intents.Abusive,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Topics that show or act on debt details: the contact must be verified first.</summary>
    private static readonly FrozenSet<string> NeedVerification = new[]
    {
        Intents.PayFull, Intents.PaymentPlan, Intents.SettlementOffer, Intents.PromiseToPay, Intents.AlreadyPaid, Intents.RequestDetails,
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, IImmediateHandler> _handlers = handlers.ToFrozenDictionary(h => h.Intent, StringComparer.Ordinal);

    /// <summary>Routes the turn's message, then any request a finished dialog handed back.</summary>
    public async Task RouteAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        await RouteOnceAsync(turn, cancellationToken).ConfigureAwait(false);
        for (var hops = 0; turn.RouteAgain is { } again && hops < 2 && !turn.HandedOff; hops++)
        {
            turn.RouteAgain = null;
            turn.Recognition = again;
            await RouteOnceAsync(turn, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RouteOnceAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var stack = turn.Stack;
        var intent = turn.Intent;
        var top = stack.Top;
        if (top is not null && turn.Dialogs.Get(top.DialogId).Accepts(turn, top))
        {
            stack.Misunderstood = 0;
            var status = await turn.Dialogs.Get(top.DialogId).ContinueAsync(turn, top).ConfigureAwait(false);
            if (status != DialogStatus.Waiting)
            {
                stack.Frames.Remove(top);
            }

            return;
        }

        if (stack.OfferedPerson && intent is Intents.Affirm or Intents.RequestHuman)
        {
            stack.OfferedPerson = false;
            turn.HandOff(HandoffReason.NotUnderstood, "The bot could not understand the debtor twice and the debtor accepted a person.", "handoff.not_understood");
            return;
        }

        stack.OfferedPerson = false;
        if (Interruptions.Contains(intent) || TopicDialogs.ContainsKey(intent) || _handlers.ContainsKey(intent))
        {
            stack.Misunderstood = 0;
            if (intent != Intents.Abusive)
            {
                stack.AbusiveCount = 0;
            }

            if (NeedVerification.Contains(intent) && !turn.Conversation.IsVerified)
            {
                turn.CancelAll();
                await turn.BeginAsync(DialogIds.Verification).ConfigureAwait(false);
                return;
            }

            // Details and a first abusive message are answered and the pending question asked again; anything else
            // replaces what was going on.
            if (intent is not (Intents.RequestDetails or Intents.Abusive))
            {
                turn.CancelAll();
            }

            if (TopicDialogs.TryGetValue(intent, out var dialogId))
            {
                await turn.BeginAsync(dialogId).ConfigureAwait(false);
            }
            else
            {
                await _handlers[intent].HandleAsync(turn, cancellationToken).ConfigureAwait(false);
                RepromptTop(turn);
            }

            return;
        }

        // Small talk and what the bot did not understand.
        if (intent is Intents.Greeting or Intents.ThanksBye)
        {
            stack.Misunderstood = 0;
            turn.Say(intent == Intents.Greeting ? (turn.Conversation.IsVerified ? "greeting.verified" : "greeting") : "thanks_bye");
            RepromptTop(turn);
            return;
        }

        stack.Misunderstood++;
        if (stack.Misunderstood >= 2)
        {
            stack.Misunderstood = 0;
            stack.OfferedPerson = true;
            turn.Say("clarify.offer_person");
            return;
        }

        turn.Say(top is null ? "clarify" : "clarify.short");
        RepromptTop(turn);
    }

    private static void RepromptTop(TurnContext turn)
    {
        if (turn.Stack.Top is { } frame && !turn.HandedOff)
        {
            turn.Dialogs.Get(frame.DialogId).Reprompt(turn, frame);
        }
    }
}

/// <summary>An intent answered within one turn, with no question of its own (opt-out, a person, hardship, details).</summary>
public interface IImmediateHandler
{
    /// <summary>The intent handled.</summary>
    string Intent { get; }

    /// <summary>Acts on the message.</summary>
    Task HandleAsync(TurnContext turn, CancellationToken cancellationToken);
}
