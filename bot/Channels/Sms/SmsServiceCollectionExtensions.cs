using CollectionsBot.Bot.Channels.Delivery;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Channels.Sms;

/// <summary>Registers the SMS channel.</summary>
public static class SmsServiceCollectionExtensions
{
    /// <summary>
    /// Adds SMS: through Twilio when <c>Twilio:AccountSid</c> and <c>Twilio:AuthToken</c> are set, else to the outbox
    /// folder.
    /// </summary>
    public static WebApplicationBuilder AddSms(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TwilioOptions>().BindConfiguration(TwilioOptions.Section)
            .Validate(o => o.ApiBaseUrl.IsAbsoluteUri, "Twilio:ApiBaseUrl must be an absolute URL.")
            .Validate(o => o.PublicBaseUrl.Length == 0 || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "Twilio:PublicBaseUrl must be an absolute URL (the address Twilio calls).")
            .ValidateOnStart();
        builder.Services.AddHttpClient(TwilioSmsSender.HttpClientName)
            .AddStandardResilienceHandler(options =>
            {
                // Twilio answers 429 when we send faster than the number allows, 5xx when it is down: wait and try
                // again. Other 4xx (a bad number, an opted-out recipient) are final.
                options.Retry.MaxRetryAttempts = 3;
                options.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
                options.Retry.UseJitter = true;
                options.Retry.Delay = TimeSpan.FromMilliseconds(500);
            });
        builder.Services.AddSingleton<TwilioSmsSender>();
        builder.Services.AddSingleton<OutboxFolderSmsSender>();
        builder.Services.AddSingleton<IChannelSender>(services => services.GetRequiredService<IOptions<TwilioOptions>>().Value.IsConfigured
            ? services.GetRequiredService<TwilioSmsSender>()
            : services.GetRequiredService<OutboxFolderSmsSender>());
        return builder;
    }
}
