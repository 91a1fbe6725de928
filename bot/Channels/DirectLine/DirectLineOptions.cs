namespace CollectionsBot.Bot.Channels.DirectLine;

/// <summary>Settings of the Direct Line 3.0 endpoint (section <c>DirectLine</c>).</summary>
public sealed class DirectLineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DirectLine";

    /// <summary>
    /// The secret a site's backend trades for tokens (<c>POST /v3/directline/tokens/generate</c>). Empty switches the
    /// secret off (403); the host's own chat page gets its tokens without it. Set it in the environment
    /// (<c>DirectLine__Secret</c>), at least 24 characters.
    /// </summary>
    public string Secret { get; set; } = "";

    /// <summary>How long a token lasts, in seconds (clients refresh halfway).</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>How often an idle stream gets an empty keep-alive frame, in seconds.</summary>
    public double KeepAliveSeconds { get; set; } = 15;

    /// <summary>The name our messages carry in <c>from.name</c>.</summary>
    public string BotName { get; set; } = "Accounts team";

    /// <summary>The largest activity a client may post, in bytes.</summary>
    public int MaxActivityBytes { get; set; } = 64 * 1024;
}
