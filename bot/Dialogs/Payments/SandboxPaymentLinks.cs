using CollectionsBot.Core.Payments;

namespace CollectionsBot.Bot.Dialogs.Payments;

/// <summary>Settings for payment links.</summary>
public sealed class PaymentLinkOptions
{
    /// <summary>The host's public address, which links in messages start with.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
}

/// <summary>
/// Payment links on this host's own sandbox payment page (/pay/{attempt}, plainly marked TEST) while no payment
/// provider is configured: paying there drives the same completion path as a provider's event.
/// </summary>
public sealed class SandboxPaymentLinks(Microsoft.Extensions.Options.IOptions<PaymentLinkOptions> options) : IPaymentLinks
{
    /// <inheritdoc />
    public string Provider => "sandbox";

    /// <inheritdoc />
    public Task<PaymentLink> CreateAsync(PaymentLinkRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        return Task.FromResult(new PaymentLink(new Uri($"{baseUrl}/pay/{request.AttemptId:N}"), request.AttemptId, null));
    }
}
