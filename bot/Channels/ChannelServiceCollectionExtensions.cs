using CollectionsBot.Core.Conversations;
using CollectionsBot.Bot.Channels.Delivery;
using CollectionsBot.Bot.Channels.DirectLine;
using CollectionsBot.Bot.Channels.Sms;
using CollectionsBot.Bot.Channels.WebChat;

namespace CollectionsBot.Bot.Channels;

/// <summary>Registers the channels debtors reach us on and the delivery of our messages to them.</summary>
public static class ChannelServiceCollectionExtensions
{
    /// <summary>Adds outbound delivery (one dispatcher, run as a background service) and every channel.</summary>
    public static WebApplicationBuilder AddChannels(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section);
        builder.Services.AddSingleton<OutboundDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboundDispatcher>());
        builder.Services.AddSingleton<IOutboundSignal>(sp => sp.GetRequiredService<OutboundDispatcher>());
        builder.AddSms();
        builder.AddDirectLine();
        builder.AddWebChat();
        return builder;
    }

    /// <summary>Maps every channel's endpoints.</summary>
    public static WebApplication MapChannels(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapTwilioWebhooks();
        app.MapDirectLine();
        app.MapWebChat();
        return app;
    }
}
