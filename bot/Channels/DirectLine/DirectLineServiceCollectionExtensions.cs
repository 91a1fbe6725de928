using CollectionsBot.Bot.Channels.Delivery;
using CollectionsBot.Core.Conversations;

namespace CollectionsBot.Bot.Channels.DirectLine;

/// <summary>Registers the web chat channel's Direct Line endpoint.</summary>
public static class DirectLineServiceCollectionExtensions
{
    /// <summary>Adds the Direct Line store, tokens, streams and the web chat sender.</summary>
    public static WebApplicationBuilder AddDirectLine(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DirectLineOptions>().BindConfiguration(DirectLineOptions.Section)
            .Validate(o => o.Secret.Length == 0 || o.Secret.Length >= 24, "DirectLine:Secret must be empty (off) or at least 24 characters.")
            .Validate(o => o.TokenLifetimeSeconds is >= 60 and <= 86400, "DirectLine:TokenLifetimeSeconds must be between 60 and 86400.")
            .Validate(o => o.KeepAliveSeconds is > 0 and <= 300, "DirectLine:KeepAliveSeconds must be above 0 and at most 300.")
            .Validate(o => o.MaxActivityBytes is >= 1024 and <= 1024 * 1024, "DirectLine:MaxActivityBytes must be between 1024 and 1048576.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DirectLineTokens>();
        builder.Services.AddSingleton<DirectLineStreams>();
        builder.Services.AddSingleton<DirectLineStore>();
        builder.Services.AddSingleton<DirectLineReplies>();
        builder.Services.AddSingleton<DirectLineActivities>();
        builder.Services.AddSingleton<ITypingIndicator, DirectLineTyping>();
        builder.Services.AddSingleton<IChannelSender, DirectLineSender>();
        builder.Services.AddSingleton<DirectLineRecovery>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DirectLineRecovery>());
        return builder;
    }

    /// <summary>Maps <c>/v3/directline</c> (with WebSockets for its streams).</summary>
    public static WebApplication MapDirectLine(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets();
        app.MapDirectLineApi();
        return app;
    }
}
