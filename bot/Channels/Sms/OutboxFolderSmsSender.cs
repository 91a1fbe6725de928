using System.Globalization;
using System.Text;
using CollectionsBot.Bot.Channels.Delivery;
using CollectionsBot.Core.Domain;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Channels.Sms;

/// <summary>
/// Without Twilio settings, texts are written to the outbox folder, one file each, and logged, so the default run
/// works offline and a demo can show what would have been sent.
/// </summary>
public sealed partial class OutboxFolderSmsSender(IOptions<TwilioOptions> options, TimeProvider clock, ILogger<OutboxFolderSmsSender> logger) : IChannelSender
{
    /// <inheritdoc />
    public Channel Channel => Channel.Sms;

    /// <inheritdoc />
    public async Task<DeliveryResult> SendAsync(OutboundEnvelope message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var folder = Path.GetFullPath(options.Value.OutboxFolder);
        Directory.CreateDirectory(folder);
        var now = clock.GetUtcNow();
        var path = Path.Combine(folder, $"{now.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture)}-{message.MessageId:N}.txt");
        var text = new StringBuilder()
            .Append("To: ").AppendLine(message.To)
            .Append("From: ").AppendLine(SmsThreads.OurNumber(message.ChannelConversationId) ?? options.Value.FromNumber)
            .Append("Date: ").AppendLine(now.ToString("O", CultureInfo.InvariantCulture))
            .Append("Message-Id: ").AppendLine(message.MessageId.ToString())
            .AppendLine()
            .AppendLine(message.Body)
            .ToString();

        // Written whole or not at all: a reader never sees half a message.
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
        LogWritten(logger, path);
        return new DeliveryResult.Sent($"outbox:{message.MessageId:N}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Twilio is not configured: the text was written to {Path}.")]
    private static partial void LogWritten(ILogger logger, string path);
}
