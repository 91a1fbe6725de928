using CollectionsBot.Bot.Dialogs;

namespace CollectionsBot.Bot.Channels.Sms;

/// <summary>
/// Twilio's default keywords: a message that is one of these words alone (any case, trailing punctuation ignored).
/// Twilio forwards them to us and blocks the number itself after an opt-out keyword, so we honour them the same way.
/// Source: https://www.twilio.com/docs/messaging/tutorials/advanced-opt-out
/// </summary>
public static class SmsKeywords
{
    private static readonly Dictionary<string, ChannelCommand> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["STOP"] = ChannelCommand.OptOut,
        ["STOPALL"] = ChannelCommand.OptOut,
        ["UNSUBSCRIBE"] = ChannelCommand.OptOut,
        ["CANCEL"] = ChannelCommand.OptOut,
        ["END"] = ChannelCommand.OptOut,
        ["QUIT"] = ChannelCommand.OptOut,
        ["REVOKE"] = ChannelCommand.OptOut,
        ["OPTOUT"] = ChannelCommand.OptOut,
        ["START"] = ChannelCommand.OptIn,
        ["YES"] = ChannelCommand.OptIn,
        ["UNSTOP"] = ChannelCommand.OptIn,
        ["HELP"] = ChannelCommand.Help,
        ["INFO"] = ChannelCommand.Help,
    };

    /// <summary>The keyword's command, or <see cref="ChannelCommand.None"/> for any other message.</summary>
    public static ChannelCommand Classify(string? body)
    {
        var word = (body ?? "").Trim().TrimEnd('.', '!', '?', ' ');
        return word.Length > 0 && Words.TryGetValue(word, out var command) ? command : ChannelCommand.None;
    }
}
