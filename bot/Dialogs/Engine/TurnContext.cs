using System.Text.Json;
using CollectionsBot.Bot.Phrasing;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Negotiation;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Wording;

namespace CollectionsBot.Bot.Dialogs.Engine;

/// <summary>
/// One turn of one conversation: the debtor's message and what it means, the parties, and the ways a dialog acts
/// (say a message, start a dialog, hand off, audit). Everything it changes is saved together at the end of the turn.
/// </summary>
public sealed class TurnContext
{
    private MessageOutbox _outbox;
    private readonly PromptLibrary _prompts;
    private readonly List<QueuedMessage> _replies = [];
    private readonly List<(string Key, string Text, MessagePurpose Purpose, bool DisclosesDebt)> _pending = [];
    private bool _optedOut;

    internal TurnContext(
        CollectionsDbContext db,
        ConversationParties parties,
        MessageOutbox outbox,
        PromptLibrary prompts,
        IPaymentLinks paymentLinks,
        DialogSet dialogs,
        DialogMemory stack,
        Message inbound,
        Recognition recognition,
        DateTimeOffset now,
        DateTimeOffset localNow)
    {
        Db = db;
        Parties = parties;
        _outbox = outbox;
        _prompts = prompts;
        PaymentLinks = paymentLinks;
        Dialogs = dialogs;
        Stack = stack;
        Inbound = inbound;
        Recognition = recognition;
        Now = now;
        LocalNow = localNow;
    }

    /// <summary>The unit of work of this turn.</summary>
    public CollectionsDbContext Db { get; }

    /// <summary>The conversation and who it concerns.</summary>
    public ConversationParties Parties { get; private set; }

    /// <summary>The conversation.</summary>
    public Conversation Conversation => Parties.Conversation;

    /// <summary>The payments port.</summary>
    public IPaymentLinks PaymentLinks { get; }

    /// <summary>The dialogs.</summary>
    public DialogSet Dialogs { get; }

    /// <summary>The conversation's dialog stack.</summary>
    public DialogMemory Stack { get; }

    /// <summary>The debtor's message.</summary>
    public Message Inbound { get; }

    /// <summary>What it means.</summary>
    public Recognition Recognition { get; internal set; }

    /// <summary>The intent's name.</summary>
    public string Intent => Recognition.Intent.Name;

    /// <summary>Now (UTC instant).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Now in the debtor's time zone.</summary>
    public DateTimeOffset LocalNow { get; }

    /// <summary>Today in the debtor's time zone.</summary>
    public DateOnly Today => DateOnly.FromDateTime(LocalNow.DateTime);

    /// <summary>The creditor's tone profile.</summary>
    public string Tone => Parties.Tone;

    /// <summary>The messages this turn produced, as the guard decided them.</summary>
    public IReadOnlyList<QueuedMessage> Replies => _replies;

    /// <summary>Whether the conversation went to people during this turn.</summary>
    public bool HandedOff => Conversation.Owner != ConversationOwner.Bot;

    /// <summary>A model with the conversation's common values (channel, names, balance, invoices) filled in.</summary>
    public PromptModel Model() => ConversationWords.ForParties(Parties, Conversation.Channel, Today);

    /// <summary>
    /// Words a message from prompts/ as a reply. It is sent through the compliance guard when the turn ends, so the
    /// guard judges it against the state the whole turn left (verified, opted out, handed off).
    /// </summary>
    public void Say(string key, PromptModel? model = null, MessagePurpose purpose = MessagePurpose.Service, bool disclosesDebt = false) =>
        _pending.Add((key, _prompts.Render(key, Tone, model ?? Model()), purpose, disclosesDebt));

    /// <summary>
    /// Sends the turn's messages: each optionally reworded by the phraser (never the opt-out confirmation), then
    /// through the guard, in the order they were said.
    /// </summary>
    public async Task FlushAsync(IPhraser phraser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phraser);
        _outbox.Refresh(_optedOut ? true : null);
        foreach (var (key, text, purpose, disclosesDebt) in _pending)
        {
            var final = purpose == MessagePurpose.OptOutConfirmation
                ? text
                : await phraser.PhraseAsync(new PhrasingRequest(text, Tone, Conversation.Channel, MessageLength.RoomForText(Conversation.Channel)), cancellationToken).ConfigureAwait(false);
            _replies.Add(_outbox.Queue(new OutboundDraft(final, purpose, IsReply: true, disclosesDebt), SenderKind.Bot, null, key, Inbound.Id, Now));
        }

        _pending.Clear();
    }

    /// <summary>Starts <paramref name="dialogId"/> on top of the stack.</summary>
    public async Task<DialogStatus> BeginAsync(string dialogId)
    {
        var frame = new DialogFrame { DialogId = dialogId };
        Stack.Frames.Add(frame);
        var status = await Dialogs.Get(dialogId).BeginAsync(this, frame).ConfigureAwait(false);
        if (status != DialogStatus.Waiting)
        {
            Stack.Frames.Remove(frame);
        }

        return status;
    }

    /// <summary>Ends every active dialog (a new topic or a hand-off replaces them).</summary>
    public void CancelAll() => Stack.Frames.Clear();

    /// <summary>Notes that the address has just opted out, so only the confirmation passes the guard.</summary>
    public void MarkOptedOut() => _optedOut = true;

    /// <summary>
    /// The one hand-off: the conversation goes to people with a reason and a summary, every dialog ends, the bot
    /// falls silent, and the debtor is told what happens next (<paramref name="noticeKey"/>).
    /// </summary>
    public void HandOff(HandoffReason reason, string summary, string noticeKey, PromptModel? model = null)
    {
        CancelAll();
        Say(noticeKey, model);
        var full = $"{summary} Debtor's last message: \"{Shorten(Inbound.Body, 500)}\"";
        Conversation.HandOff(reason, Shorten(full, 4000), Now);
        Audit("conversation.handoff", new { reason = reason.ToString(), summary = full });
    }

    /// <summary>A recognition to route once more after the current dialog ends (e.g. the request that needed verification).</summary>
    public Recognition? RouteAgain { get; set; }

    /// <summary>
    /// Reloads the parties after verification linked the conversation to a case (an anonymous visitor), and opens the
    /// outbox again (what it may disclose depends on verification). A contact verified as the one its number already
    /// named (a text from a known phone) keeps the parties this turn loaded: they are the same case and contact.
    /// </summary>
    public async Task ReloadPartiesAsync(CancellationToken cancellationToken)
    {
        if (Parties.Case?.Id != Conversation.CaseId || Parties.Contact?.Id != Conversation.ContactId)
        {
            Parties = await ConversationParties.LoadAsync(Db, Conversation, cancellationToken).ConfigureAwait(false);
        }

        _outbox = await MessageOutbox.OpenAsync(Db, Parties, _prompts, Now, cancellationToken, untracked: true).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a payment link through the payments port and records the attempt with this turn (the receipt goes
    /// back to this conversation when it is paid).
    /// </summary>
    public Task<PaymentLink> PaymentLinkAsync(PaymentLinkRequest request, CancellationToken cancellationToken) =>
        Agreements.IssueLinkAsync(Db, PaymentLinks, Parties, Conversation.Id, request, "bot", Now, cancellationToken);

    /// <summary>Records a decision in the audit trail.</summary>
    public void Audit(string action, object data, string? rule = null) =>
        Db.Record(new AuditEvent(Now, "bot", action, nameof(Conversation), Conversation.Id.ToString(), JsonSerializer.Serialize(data))
        {
            CreditorId = Parties.Creditor?.Id,
            CaseId = Parties.Case?.Id,
            Rule = rule,
        });

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
