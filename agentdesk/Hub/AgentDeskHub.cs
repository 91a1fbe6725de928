using System.Text.Json;
using CollectionsBot.AgentDesk.Accounts;
using CollectionsBot.AgentDesk.Cases;
using CollectionsBot.AgentDesk.Negotiation;
using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Wording;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.AgentDesk.Hub;

/// <summary>What the desk pushes to agents.</summary>
public interface IAgentDeskClient
{
    /// <summary>A conversation joined the queue (handed off by the bot, or released by an agent).</summary>
    Task Waiting(QueueItem item);

    /// <summary>Someone claimed a conversation: it leaves everyone's queue.</summary>
    Task Taken(Guid conversationId, string agentName);

    /// <summary>The debtor wrote, in a conversation this agent holds (or one still waiting, to everyone).</summary>
    Task DebtorMessage(DeskMessage message);

    /// <summary>A colleague handed this agent a conversation they held.</summary>
    Task Transferred(Guid conversationId, string fromAgentName);

    /// <summary>To supervisors: an agent asks to agree terms beyond their own limits.</summary>
    Task ApprovalRequested(ApprovalView approval);

    /// <summary>To the agent who asked, and to supervisors: a request was approved, rejected or withdrawn.</summary>
    Task ApprovalDecided(ApprovalView approval);

    /// <summary>To supervisors watching a conversation: any message in it (the debtor's, the bot's, a person's).</summary>
    Task Watched(DeskMessage message);

    /// <summary>The desk assigned this agent a conversation (automatic assignment): it is theirs now.</summary>
    Task Assigned(QueueItem item);

    /// <summary>The debtor is typing in a conversation this agent holds (web chat).</summary>
    Task DebtorTyping(Guid conversationId);
}

/// <summary>A conversation waiting for a person.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Channel">sms, email, webchat or teams.</param>
/// <param name="Reason">Why the bot handed it off (dispute, hardship, ...).</param>
/// <param name="Summary">The bot's summary.</param>
/// <param name="Priority">Higher first: legal and insolvency matters, then disputes and hardship, then the rest.</param>
/// <param name="WaitingSince">Since when.</param>
/// <param name="DebtorName">The debtor company, when known.</param>
/// <param name="CreditorName">The creditor, when known.</param>
public sealed record QueueItem(Guid ConversationId, string Channel, string Reason, string Summary, int Priority, DateTimeOffset WaitingSince, string? DebtorName, string? CreditorName);

/// <summary>A message as the desk shows it.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="MessageId">The message.</param>
/// <param name="Direction">inbound or outbound.</param>
/// <param name="Sender">contact, bot, agent or system.</param>
/// <param name="Body">The text.</param>
/// <param name="At">When.</param>
/// <param name="Status">Its delivery state (queued, sent, delivered, blocked, ...).</param>
/// <param name="Rule">The compliance rule that blocked or held it, if one did.</param>
/// <param name="Channel">sms, email, webchat or teams.</param>
public sealed record DeskMessage(Guid ConversationId, Guid MessageId, string Direction, string Sender, string Body, DateTimeOffset At, string Status, string? Rule, string Channel = "")
{
    /// <summary>The desk's view of a recorded message.</summary>
    public static DeskMessage Of(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(message.ConversationId, message.Id, message.Direction.ToString().ToLowerInvariant(), message.Sender.ToString().ToLowerInvariant(), message.Body, message.CreatedAt, message.Status.ToString().ToLowerInvariant(), message.Status == DeliveryStatus.Blocked || message.NotBefore is not null ? message.ErrorCode : null, message.Channel.ToString().ToLowerInvariant());
    }
}

/// <summary>A note for colleagues, never shown to the debtor.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="Text">The note.</param>
/// <param name="At">When.</param>
public sealed record DeskNote(Guid ConversationId, string Author, string Text, DateTimeOffset At);

/// <summary>The outcome of a claim: won, or held by someone else; with the transcript when won.</summary>
public sealed record ClaimResult(bool Claimed, string? HeldBy, IReadOnlyList<DeskMessage> Transcript);

/// <summary>The outcome of an agent's reply: the guard's verdict, the rule, the text as recorded.</summary>
public sealed record ReplyResult(Guid MessageId, string Verdict, string? Rule, string Text);

/// <summary>
/// The agent desk's hub: the queue of handed-off conversations, claims (exactly one agent wins), the debtor's
/// messages to the agent holding the conversation, and the agent's replies out on the debtor's own channel through
/// the same compliance guard as the bot's; release back to the queue, or hand back to the bot.
/// </summary>
[Authorize(Policy = DeskAccounts.DeskPolicy)]
public sealed partial class AgentDeskHub(CollectionsDbContext db, UserManager<DeskUser> users, PromptLibrary prompts, IOutboundSignal outbound, DeskPresence presence, DeskWatchers watchers, DeskAgreements agreements, DeskAssignments assignments, ITypingIndicator typing, TimeProvider clock) : Hub<IAgentDeskClient>
{
    /// <summary>Everyone working the queue.</summary>
    public const string AgentsGroup = "agents";

    /// <summary>Supervisors: approvals and the live board.</summary>
    public const string SupervisorsGroup = "supervisors";

    // Messages this call queued to the debtor, for supervisors watching once they are saved.
    private readonly List<Message> _said = [];

    /// <inheritdoc />
    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, AgentsGroup).ConfigureAwait(false);
        if (IsSupervisor)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, SupervisorsGroup).ConfigureAwait(false);
        }

        presence.Connected(DeskAccounts.UserId(Context.User!));
        await base.OnConnectedAsync().ConfigureAwait(false);
        await TakeWaitingAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        presence.Disconnected(DeskAccounts.UserId(Context.User!));
        watchers.Gone(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception).ConfigureAwait(false);
    }

    /// <summary>Says whether the agent takes work now: "available" or "away" (the supervisor's board shows it).</summary>
    public async Task SetStatus(string status)
    {
        try
        {
            presence.Set(DeskAccounts.UserId(Context.User!), status);
        }
        catch (ArgumentException ex)
        {
            throw new HubException(ex.Message);
        }

        await TakeWaitingAsync().ConfigureAwait(false);
    }

    /// <summary>The conversations waiting for a person, highest priority and longest waiting first.</summary>
    public Task<IReadOnlyList<QueueItem>> GetQueue() => WaitingList.WaitingAsync(db, null, Context.ConnectionAborted);

    /// <summary>The conversations this agent holds (after a reconnect: where the agent was).</summary>
    public async Task<IReadOnlyList<Guid>> GetMine()
    {
        var me = DeskAccounts.UserId(Context.User!);
        return await db.Conversations.AsNoTracking().Where(c => c.Owner == ConversationOwner.Agent && c.AgentId == me).OrderBy(c => c.LastActivityAt).Select(c => c.Id).ToListAsync(Context.ConnectionAborted).ConfigureAwait(false);
    }

    /// <summary>A conversation's messages in order, optionally only those after <paramref name="after"/> (what arrived while away).</summary>
    public async Task<IReadOnlyList<DeskMessage>> GetTranscript(Guid conversationId, DateTimeOffset? after = null)
    {
        var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId).ToListAsync(Context.ConnectionAborted).ConfigureAwait(false);
        return [.. messages.Where(m => after is null || m.CreatedAt > after).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(DeskMessage.Of)];
    }

    /// <summary>
    /// Everything said with the debtor about this conversation's case, on every channel (SMS, email, web chat, Teams),
    /// in order, each message with its channel and conversation; just this conversation's while it has no case.
    /// </summary>
    public async Task<IReadOnlyList<DeskMessage>> GetCaseTranscript(Guid conversationId)
    {
        var ct = Context.ConnectionAborted;
        var caseId = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).Select(c => c.CaseId).SingleOrDefaultAsync(ct).ConfigureAwait(false);
        if (caseId is null)
        {
            return await GetTranscript(conversationId).ConfigureAwait(false);
        }

        var messages = await (
                from m in db.Messages.AsNoTracking()
                join c in db.Conversations on m.ConversationId equals c.Id
                where c.CaseId == caseId
                select m)
            .ToListAsync(ct).ConfigureAwait(false);
        return [.. messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(DeskMessage.Of)];
    }

    /// <summary>The context panel for a conversation: its case in full (null while the conversation has no case).</summary>
    public async Task<CaseContext?> GetContext(Guid conversationId)
    {
        var caseId = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).Select(c => c.CaseId).SingleOrDefaultAsync(Context.ConnectionAborted).ConfigureAwait(false);
        return caseId is { } id ? await CaseContext.LoadAsync(db, id, Context.ConnectionAborted).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// Supervisors: watches any conversation live, read-only (the bot's, one waiting, one a person holds): returns the
    /// transcript so far; every later message comes as <see cref="IAgentDeskClient.Watched"/> until
    /// <see cref="Unwatch"/> or the connection closes.
    /// </summary>
    public async Task<IReadOnlyList<DeskMessage>> Watch(Guid conversationId)
    {
        if (!IsSupervisor)
        {
            throw new HubException("Only supervisors watch conversations they do not hold.");
        }

        if (!await db.Conversations.AnyAsync(c => c.Id == conversationId, Context.ConnectionAborted).ConfigureAwait(false))
        {
            throw new HubException("No such conversation.");
        }

        // Join first, then read: a message saved in between is in the transcript, the push, or both (the page keeps one per id).
        await Groups.AddToGroupAsync(Context.ConnectionId, DeskWatchers.Group(conversationId)).ConfigureAwait(false);
        watchers.Watch(Context.ConnectionId, conversationId);
        return await GetTranscript(conversationId).ConfigureAwait(false);
    }

    /// <summary>Stops watching a conversation.</summary>
    public async Task Unwatch(Guid conversationId)
    {
        watchers.Unwatch(Context.ConnectionId, conversationId);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, DeskWatchers.Group(conversationId)).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes a waiting conversation. Exactly one of several agents claiming at once wins (the conversation's row
    /// version decides); the others get <see cref="ClaimResult.Claimed"/> false with who holds it. The debtor is told
    /// a person has joined.
    /// </summary>
    public async Task<ClaimResult> Claim(Guid conversationId)
    {
        var me = DeskAccounts.UserId(Context.User!);
        var name = DeskAccounts.DisplayName(Context.User!);
        var ct = Context.ConnectionAborted;
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId, ct).ConfigureAwait(false)
            ?? throw new HubException("No such conversation.");
        if (conversation.Owner != ConversationOwner.WaitingForAgent)
        {
            return new ClaimResult(false, await HolderAsync(conversation).ConfigureAwait(false), []);
        }

        var user = await users.FindByIdAsync(me).ConfigureAwait(false) ?? throw new HubException("Your account is gone.");
        var holding = await db.Conversations.CountAsync(c => c.Owner == ConversationOwner.Agent && c.AgentId == me, ct).ConfigureAwait(false);
        if (holding >= user.MaxConversations)
        {
            throw new HubException($"You hold {holding} conversations, your most at once: release or wrap one up first.");
        }

        conversation.Claim(me);
        var now = clock.GetUtcNow();
        await TellDebtorAsync(conversation, "desk.joined", name, now).ConfigureAwait(false);
        Record(now, me, "desk.claimed", conversation);
        try
        {
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another agent's claim was saved first.
            db.DiscardChanges();
            var current = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversationId, ct).ConfigureAwait(false);
            return new ClaimResult(false, await HolderAsync(current).ConfigureAwait(false), []);
        }

        outbound.Nudge();
        await TellWatchersAsync(conversationId).ConfigureAwait(false);
        await Clients.Group(AgentsGroup).Taken(conversationId, name).ConfigureAwait(false);
        return new ClaimResult(true, name, await GetTranscript(conversationId).ConfigureAwait(false));
    }

    /// <summary>
    /// Sends the agent's words to the debtor on the conversation's channel, through the compliance guard; a blocked
    /// or held reply comes back with the rule that stopped it.
    /// </summary>
    public async Task<ReplyResult> Reply(Guid conversationId, string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 4000)
        {
            throw new HubException("A reply needs 1 to 4,000 characters.");
        }

        var ct = Context.ConnectionAborted;
        var (conversation, me) = await MineAsync(conversationId).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var (_, outbox) = await OpenOutboxAsync(conversation, now).ConfigureAwait(false);
        var lastInbound = await db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Inbound)
            .OrderByDescending(m => m.CreatedAt).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct).ConfigureAwait(false);

        // An answer to the debtor (the contact window allows replies); it may name the debt once the contact is verified.
        var queued = outbox.Queue(new OutboundDraft(text.Trim(), MessagePurpose.Service, IsReply: lastInbound is not null, DisclosesDebt: conversation.IsVerified), SenderKind.Agent, me, null, lastInbound, now);
        _said.Add(queued.Message);
        conversation.Touch(now);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        outbound.Nudge();
        await TellWatchersAsync(conversationId).ConfigureAwait(false);
        return ReplyOf(queued);
    }

    /// <summary>
    /// The agent is typing: the debtor sees the indicator where the channel has one (web chat). Returns whether it does.
    /// </summary>
    public async Task<bool> Typing(Guid conversationId)
    {
        var (conversation, _) = await MineAsync(conversationId).ConfigureAwait(false);
        return await typing.ShowAsync(conversation, Context.ConnectionAborted).ConfigureAwait(false);
    }

    /// <summary>Puts a held conversation back in the queue for someone else.</summary>
    public async Task Release(Guid conversationId)
    {
        var (conversation, me) = await MineAsync(conversationId).ConfigureAwait(false);
        conversation.Release();
        Record(clock.GetUtcNow(), me, "desk.released", conversation);
        await db.SaveChangesAsync(Context.ConnectionAborted).ConfigureAwait(false);
        if ((await WaitingList.WaitingAsync(db, conversationId, Context.ConnectionAborted).ConfigureAwait(false)) is [var item])
        {
            await Clients.Group(AgentsGroup).Waiting(item).ConfigureAwait(false);
        }
    }

    /// <summary>The queues a conversation can be sent to: the hand-off reasons.</summary>
    public static IReadOnlyList<string> Queues { get; } = [.. Enum.GetNames<HandoffReason>()];

    /// <summary>
    /// Sends a held conversation to another queue (one of <see cref="Queues"/>, e.g. from Dispute to Hardship) with a
    /// note for whoever takes it; it waits from now at that queue's priority. The debtor still waits for a person, so
    /// is not told anything.
    /// </summary>
    public async Task TransferToQueue(Guid conversationId, string queue, string note)
    {
        if (!Enum.TryParse<HandoffReason>(queue, ignoreCase: true, out var reason) || !Enum.IsDefined(reason))
        {
            throw new HubException($"Send it to one of: {string.Join(", ", Queues)}.");
        }

        if (string.IsNullOrWhiteSpace(note) || note.Length > 1000)
        {
            throw new HubException("Say why, for whoever takes it (1 to 1,000 characters).");
        }

        var (conversation, me) = await MineAsync(conversationId).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        conversation.Requeue(reason, DeskAccounts.DisplayName(Context.User!), note, now);
        Record(now, me, "desk.requeued", conversation, new { queue = reason.ToString(), note = note.Trim() });
        await db.SaveChangesAsync(Context.ConnectionAborted).ConfigureAwait(false);
        if ((await WaitingList.WaitingAsync(db, conversationId, Context.ConnectionAborted).ConfigureAwait(false)) is [var item])
        {
            await HubConversationEvents.OfferAsync(Clients, assignments, outbound, item, me, now, Context.ConnectionAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Gives the conversation back to the bot; the debtor is told the person has left.</summary>
    public async Task HandBack(Guid conversationId)
    {
        var (conversation, me) = await MineAsync(conversationId).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        await TellDebtorAsync(conversation, "desk.left", DeskAccounts.DisplayName(Context.User!), now).ConfigureAwait(false);
        conversation.HandBack();
        Record(now, me, "desk.handed_back", conversation);
        await db.SaveChangesAsync(Context.ConnectionAborted).ConfigureAwait(false);
        outbound.Nudge();
        await TellWatchersAsync(conversationId).ConfigureAwait(false);
        await TakeWaitingAsync().ConfigureAwait(false);
    }

    /// <summary>The ways a person can close a conversation they held (wrap-up).</summary>
    public static IReadOnlyList<string> Dispositions { get; } =
        ["dispute_accepted", "dispute_rejected", "plan_agreed", "promise_taken", "paid", "escalated_to_legal", "no_agreement"];

    /// <summary>Adds a note for colleagues to a conversation the agent holds (supervisors: any conversation). Never sent to the debtor.</summary>
    public async Task<DeskNote> AddNote(Guid conversationId, string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 4000)
        {
            throw new HubException("A note needs 1 to 4,000 characters.");
        }

        var conversation = IsSupervisor
            ? await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId, Context.ConnectionAborted).ConfigureAwait(false) ?? throw new HubException("No such conversation.")
            : (await MineAsync(conversationId).ConfigureAwait(false)).Conversation;
        var note = new DeskNote(conversationId, DeskAccounts.DisplayName(Context.User!), text.Trim(), clock.GetUtcNow());
        Record(note.At, DeskAccounts.UserId(Context.User!), AuditEvent.DeskNoteAction, conversation, new { author = note.Author, text = note.Text });
        await db.SaveChangesAsync(Context.ConnectionAborted).ConfigureAwait(false);
        return note;
    }

    /// <summary>A conversation's notes, oldest first.</summary>
    public async Task<IReadOnlyList<DeskNote>> GetNotes(Guid conversationId)
    {
        var key = conversationId.ToString();
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.EntityType == nameof(Conversation) && e.EntityId == key && e.Action == AuditEvent.DeskNoteAction)
            .OrderBy(e => e.Id).ToListAsync(Context.ConnectionAborted).ConfigureAwait(false);
        return [.. events.Select(e =>
        {
            using var data = JsonDocument.Parse(e.Data);
            return new DeskNote(conversationId, data.RootElement.GetProperty("author").GetString() ?? "", data.RootElement.GetProperty("text").GetString() ?? "", e.OccurredAt);
        })];
    }

    /// <summary>
    /// Hands a held conversation straight to another agent or supervisor (by email), within their capacity; they are
    /// told at once, and the debtor is told who joined.
    /// </summary>
    public async Task Transfer(Guid conversationId, string toEmail)
    {
        var ct = Context.ConnectionAborted;
        var (conversation, me) = await MineAsync(conversationId).ConfigureAwait(false);
        var target = await users.FindByEmailAsync(toEmail ?? "").ConfigureAwait(false);
        if (target is null || target.Id == me || !(await users.IsInRoleAsync(target, DeskRoles.Agent).ConfigureAwait(false) || await users.IsInRoleAsync(target, DeskRoles.Supervisor).ConfigureAwait(false)))
        {
            throw new HubException("Transfer to another agent or supervisor of the desk, by their email.");
        }

        var holding = await db.Conversations.CountAsync(c => c.Owner == ConversationOwner.Agent && c.AgentId == target.Id, ct).ConfigureAwait(false);
        if (holding >= target.MaxConversations)
        {
            throw new HubException($"{target.DisplayName} already holds {holding} conversations, their most at once.");
        }

        var now = clock.GetUtcNow();
        conversation.Transfer(target.Id);
        await TellDebtorAsync(conversation, "desk.joined", target.DisplayName, now).ConfigureAwait(false);
        Record(now, me, "desk.transferred", conversation, new { to = target.Id });
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        outbound.Nudge();
        await TellWatchersAsync(conversationId).ConfigureAwait(false);
        await TakeWaitingAsync().ConfigureAwait(false);
        await Clients.User(target.Id).Transferred(conversationId, DeskAccounts.DisplayName(Context.User!)).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes a held conversation with a disposition (one of <see cref="Dispositions"/>) and an optional outcome note;
    /// the debtor is told the person has left. A new message from the debtor later starts with the bot again.
    /// </summary>
    public async Task WrapUp(Guid conversationId, string disposition, string? outcome = null)
    {
        if (!Dispositions.Contains(disposition ?? ""))
        {
            throw new HubException($"Wrap up with one of: {string.Join(", ", Dispositions)}.");
        }

        var (conversation, me) = await MineAsync(conversationId).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        await TellDebtorAsync(conversation, "desk.left", DeskAccounts.DisplayName(Context.User!), now).ConfigureAwait(false);
        conversation.Resolve();
        Record(now, me, "desk.wrapped_up", conversation, new { disposition, outcome = outcome?.Trim() });
        await db.SaveChangesAsync(Context.ConnectionAborted).ConfigureAwait(false);
        outbound.Nudge();
        await TellWatchersAsync(conversationId).ConfigureAwait(false);
        await TakeWaitingAsync().ConfigureAwait(false);
    }

    private async Task<(ConversationParties Parties, MessageOutbox Outbox)> OpenOutboxAsync(Conversation conversation, DateTimeOffset now)
    {
        var parties = await ConversationParties.LoadAsync(db, conversation, Context.ConnectionAborted).ConfigureAwait(false);
        return (parties, await MessageOutbox.OpenAsync(db, parties, prompts, now, Context.ConnectionAborted).ConfigureAwait(false));
    }

    /// <summary>Tells the debtor a person joined or left (<paramref name="key"/>), through the guard like every message.</summary>
    private async Task TellDebtorAsync(Conversation conversation, string key, string agentName, DateTimeOffset now) =>
        _said.Add(await assignments.TellDebtorAsync(conversation, key, agentName, now, Context.ConnectionAborted).ConfigureAwait(false));

    /// <summary>
    /// When the desk assigns automatically, an agent who is free again (available, connected, or done with a
    /// conversation) takes the waiting conversations up to their most: they are told (<see cref="IAgentDeskClient.Assigned"/>),
    /// everyone's queue drops them, and each debtor is told who joined.
    /// </summary>
    private async Task TakeWaitingAsync()
    {
        var me = DeskAccounts.UserId(Context.User!);
        var name = DeskAccounts.DisplayName(Context.User!);
        var taken = await assignments.AssignWaitingToAsync(me, clock.GetUtcNow(), Context.ConnectionAborted).ConfigureAwait(false);
        foreach (var (item, joined) in taken)
        {
            await Clients.User(me).Assigned(item).ConfigureAwait(false);
            await Clients.Group(AgentsGroup).Taken(item.ConversationId, name).ConfigureAwait(false);
            _said.Add(joined);
            await TellWatchersAsync(item.ConversationId).ConfigureAwait(false);
        }

        if (taken.Count > 0)
        {
            outbound.Nudge();
        }
    }

    /// <summary>Shows supervisors watching the conversation what this call said to the debtor (after the save).</summary>
    private async Task TellWatchersAsync(Guid conversationId)
    {
        if (watchers.IsWatched(conversationId))
        {
            var group = Clients.Group(DeskWatchers.Group(conversationId));
            foreach (var message in _said)
            {
                await group.Watched(DeskMessage.Of(message)).ConfigureAwait(false);
            }
        }

        _said.Clear();
    }

    /// <summary>Records what a person did to a conversation in the audit trail, with the save that follows.</summary>
    private void Record(DateTimeOffset at, string actor, string action, Conversation conversation, object? data = null) =>
        db.Record(AuditEvent.OnConversation(at, actor, action, conversation, data));

    private async Task<(Conversation Conversation, string Me)> MineAsync(Guid conversationId)
    {
        var me = DeskAccounts.UserId(Context.User!);
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId, Context.ConnectionAborted).ConfigureAwait(false)
            ?? throw new HubException("No such conversation.");
        if (conversation.Owner != ConversationOwner.Agent || conversation.AgentId != me)
        {
            throw new HubException("You do not hold this conversation: claim it first.");
        }

        return (conversation, me);
    }

    private bool IsSupervisor => Context.User!.IsInRole(DeskRoles.Supervisor);

    private async Task<string?> HolderAsync(Conversation conversation) =>
        conversation.AgentId is { } id ? (await users.FindByIdAsync(id).ConfigureAwait(false))?.DisplayName ?? "another agent" : conversation.Owner.ToString();
}
