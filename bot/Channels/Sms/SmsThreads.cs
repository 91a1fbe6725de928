namespace CollectionsBot.Bot.Channels.Sms;

/// <summary>
/// An SMS conversation is the pair of the debtor's number and ours: "+13125550142|+18005550100". Replies go out from
/// the number the debtor wrote to, so the thread stays one thread on their phone.
/// </summary>
public static class SmsThreads
{
    /// <summary>The thread key of a debtor's number and ours (or our messaging service).</summary>
    public static string Key(string debtor, string ours) => $"{debtor}|{ours}";

    /// <summary>Our number in a thread key, when it holds one.</summary>
    public static string? OurNumber(string threadKey)
    {
        ArgumentNullException.ThrowIfNull(threadKey);
        var bar = threadKey.IndexOf('|', StringComparison.Ordinal);
        var ours = bar < 0 ? "" : threadKey[(bar + 1)..];
        return ours.StartsWith('+') ? ours : null;
    }
}
