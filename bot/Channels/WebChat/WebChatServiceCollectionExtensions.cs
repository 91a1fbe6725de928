namespace CollectionsBot.Bot.Channels.WebChat;

/// <summary>Registers the debtor chat page.</summary>
public static class WebChatServiceCollectionExtensions
{
    /// <summary>Adds the signed contact links.</summary>
    public static WebApplicationBuilder AddWebChat(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ContactLinks>();
        return builder;
    }
}
