using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Channels.DirectLine;

/// <summary>Our side of a Direct Line conversation: the bot's identity and the message activities it appends.</summary>
public sealed class DirectLineReplies(DirectLineStore store, IOptions<DirectLineOptions> options)
{
    /// <summary>The bot's id in <c>from</c> and <c>recipient</c>.</summary>
    public const string BotId = "collectionsbot";

    /// <summary>Our id for a recorded message's activity: one activity per message, whoever appends it first.</summary>
    public static string ClientIdFor(Guid messageId) => $"message:{messageId:N}";

    /// <summary>The bot as an activity party.</summary>
    public JsonObject BotParty() => new() { ["id"] = BotId, ["name"] = options.Value.BotName, ["role"] = "bot" };

    /// <summary>Appends one of our messages (idempotent on <paramref name="clientId"/>, our id for it).</summary>
    public Task<StoredActivity> SendAsync(string conversationId, string clientId, string text, string? replyToId, CancellationToken cancellationToken)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["channelId"] = "directline",
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["from"] = BotParty(),
            ["text"] = text,
            ["textFormat"] = "plain",
        };
        if (replyToId is not null)
        {
            activity["replyToId"] = replyToId;
        }

        return store.AppendAsync(conversationId, clientId, activity, fromBot: true, cancellationToken);
    }

    /// <summary>Appends a typing activity from us (Web Chat shows the indicator for a few seconds).</summary>
    public Task<StoredActivity> TypingAsync(string conversationId, CancellationToken cancellationToken) =>
        store.AppendAsync(conversationId, null, new JsonObject
        {
            ["type"] = "typing",
            ["channelId"] = "directline",
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["from"] = BotParty(),
        }, fromBot: true, cancellationToken);
}
