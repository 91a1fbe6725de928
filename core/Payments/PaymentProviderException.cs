namespace CollectionsBot.Core.Payments;

/// <summary>
/// The payments provider refused or failed a request (a payment link could not be created). The message carries the
/// provider's error code and message, never a credential.
/// </summary>
public sealed class PaymentProviderException : Exception
{
    /// <summary>Creates an empty instance.</summary>
    public PaymentProviderException()
    {
    }

    /// <summary>Creates an instance with a message.</summary>
    public PaymentProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an instance with a message and its cause.</summary>
    public PaymentProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an instance describing the provider's answer.</summary>
    /// <param name="provider">"stripe".</param>
    /// <param name="message">What went wrong, with the provider's message.</param>
    /// <param name="errorCode">The provider's error code (e.g. "parameter_invalid_integer"), if it gave one.</param>
    /// <param name="errorType">The provider's error type (e.g. "invalid_request_error"), if it gave one.</param>
    /// <param name="httpStatus">The HTTP status of the provider's answer; null when it could not be reached.</param>
    public PaymentProviderException(string provider, string message, string? errorCode, string? errorType, int? httpStatus)
        : base(message)
    {
        Provider = provider;
        ErrorCode = errorCode;
        ErrorType = errorType;
        HttpStatus = httpStatus;
    }

    /// <summary>Who answered: "stripe".</summary>
    public string Provider { get; } = "";

    /// <summary>The provider's error code, if any.</summary>
    public string? ErrorCode { get; }

    /// <summary>The provider's error type, if any.</summary>
    public string? ErrorType { get; }

    /// <summary>The HTTP status of the provider's answer; null when it could not be reached.</summary>
    public int? HttpStatus { get; }
}
