namespace CollectionsBot.Core.Domain;

/// <summary>A way of reaching a debtor's contact.</summary>
public enum Channel
{
    /// <summary>Text message over Twilio.</summary>
    Sms = 0,

    /// <summary>Email.</summary>
    Email = 1,

    /// <summary>Microsoft Teams through the Bot Framework protocol.</summary>
    Teams = 2,

    /// <summary>Web chat through the Direct Line endpoint.</summary>
    WebChat = 3,
}
