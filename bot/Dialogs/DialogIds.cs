namespace CollectionsBot.Bot.Dialogs;

/// <summary>Ids of the bot's dialogs, as stored on conversation stacks.</summary>
public static class DialogIds
{
    /// <summary>Verifies the contact before any debt detail.</summary>
    public const string Verification = "verification";

    /// <summary>Negotiates a payment plan.</summary>
    public const string PaymentPlan = "payment-plan";

    /// <summary>Negotiates a settlement.</summary>
    public const string Settlement = "settlement";

    /// <summary>Takes a promise to pay.</summary>
    public const string PromiseToPay = "promise-to-pay";

    /// <summary>Records a payment the debtor says is made.</summary>
    public const string AlreadyPaid = "already-paid";

    /// <summary>Takes a dispute.</summary>
    public const string Dispute = "dispute";

    /// <summary>Captures counsel's contact.</summary>
    public const string Counsel = "counsel";

    /// <summary>Asks the wrong contact for the right one.</summary>
    public const string WrongContact = "wrong-contact";

    /// <summary>Schedules a callback.</summary>
    public const string Callback = "callback";
}
