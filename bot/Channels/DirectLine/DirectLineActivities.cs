using System.Text.Json.Nodes;
using CollectionsBot.Bot.Channels.Delivery;
using CollectionsBot.Bot.Dialogs;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Channels.DirectLine;

/// <summary>
/// What happens to an activity a client posts: it is recorded in the conversation (once per client id), and a
/// message with text becomes a turn of the conversation engine, whose replies the dispatcher then hands to
/// <see cref="DirectLineSender"/>. Other activity types (typing, events) are recorded and go no further. A message
/// with no text (only attachments) is a turn the engine answers politely, by text, that only typed messages are read.
/// </summary>
public sealed partial class DirectLineActivities(
    DirectLineStore store,
    DirectLineReplies replies,
    ConversationEngine engine,
    OutboundDispatcher dispatcher,
    IConversationEvents desk,
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    ILogger<DirectLineActivities> logger)
{
    /// <summary>Records a client's activity and, for a message, runs the turn. Returns the recorded activity.</summary>
    public async Task<StoredActivity> ReceiveAsync(DirectLineGrant grant, JsonObject activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(activity);
        var clientId = ClientId(activity);
        var name = Text(activity["from"]?["name"]);
        activity.Remove("id");
        activity["channelId"] = "directline";
        activity["conversation"] = new JsonObject { ["id"] = grant.ConversationId };
        activity["from"] = name is null
            ? new JsonObject { ["id"] = grant.UserId, ["role"] = "user" }
            : new JsonObject { ["id"] = grant.UserId, ["name"] = name, ["role"] = "user" };
        activity["recipient"] = replies.BotParty();
        var stored = await store.AppendAsync(grant.ConversationId, clientId, activity, fromBot: false, cancellationToken).ConfigureAwait(false);
        if (Text(stored.Activity["type"]) == "typing" && !stored.Duplicate)
        {
            await TellTheDeskTypingAsync(grant.ConversationId, cancellationToken).ConfigureAwait(false);
        }

        if (Text(stored.Activity["type"]) != "message")
        {
            return stored;
        }

        await RunTurnAsync(grant, stored).ConfigureAwait(false);
        return stored;
    }

    /// <summary>
    /// Runs the turn of a recorded message activity (again, for one recorded before a crash kept it from running:
    /// the engine answers a message it already handled as a duplicate, so this is safe to repeat).
    /// </summary>
    public async Task RunTurnAsync(DirectLineGrant grant, StoredActivity stored)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(stored);
        // The turn belongs to the conversation, not to this request: a client that stops waiting does not cut it short.
        var stopping = lifetime.ApplicationStopping;
        var text = Text(stored.Activity["text"])?.Trim() ?? "";

        // Run again for a retried post too: the engine answers a message it already handled as a duplicate, and
        // handles one a crash kept it from handling. A message with no text (only attachments) is one the bot cannot
        // read: the engine answers that by text, through the guard and on the record, like every reply.
        var locale = Text(stored.Activity["locale"]);
        var command = text.Length == 0 ? ChannelCommand.Unreadable : ChannelCommand.None;
        var turn = await engine.HandleAsync(new InboundActivity(Channel.WebChat, grant.ConversationId, grant.UserId, text, stored.Id, grant.ContactId, grant.Verified, locale, command), stopping).ConfigureAwait(false);
        if (command == ChannelCommand.Unreadable && !turn.Duplicate)
        {
            LogNoText(logger, grant.ConversationId, (stored.Activity["attachments"] as JsonArray)?.Count ?? 0);
        }

        // The turn's ready replies are shown at once; the dispatcher, offered them, hands them to DirectLineSender as
        // well, which finds them already there (same message id) and records them sent.
        foreach (var reply in turn.Replies.Where(r => r.ReadyToSend && r.Channel == Channel.WebChat))
        {
            await replies.SendAsync(grant.ConversationId, DirectLineReplies.ClientIdFor(reply.Id), reply.Body, stored.Id, stopping).ConfigureAwait(false);
        }

        dispatcher.Offer(turn);
    }

    /// <summary>The debtor is typing: the person holding the conversation sees it (nobody else is told).</summary>
    private async Task TellTheDeskTypingAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        var held = await db.Conversations.AsNoTracking()
            .Where(c => c.Channel == Channel.WebChat && c.ChannelConversationId == conversationId && c.Owner == ConversationOwner.Agent)
            .Select(c => new { c.Id, c.AgentId }).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (held is { AgentId: { } agent })
        {
            await desk.DebtorTypingAsync(held.Id, agent, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? ClientId(JsonObject activity)
    {
        var id = Text(activity["channelData"]?["clientActivityID"]) ?? Text(activity["id"]);
        return id is { Length: > 0 and <= 200 } ? id : null;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Web chat {ConversationId}: a message without text ({Attachments} attachments, not kept) was answered with the typed-messages-only note.")]
    private static partial void LogNoText(ILogger logger, string conversationId, int attachments);
}
