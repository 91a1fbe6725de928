using CollectionsBot.Bot.Dialogs;
using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Wording;

namespace CollectionsBot.Bot.Tests.Conversations;

public sealed class MessageTemplateTests
{
    // Messages that may reach a contact before verification: they must carry nothing about the debt.
    private static readonly string[] BeforeVerification =
    [
        "greeting", "thanks_bye", "clarify", "clarify.short", "clarify.offer_person", "verify.ask", "verify.ask_reference",
        "verify.ask_postal_code", "verify.retry", "verify.ok", "handoff.not_understood", "handoff.insolvency", "handoff.hardship",
        "handoff.human", "handoff.abusive", "handoff.dispute", "handoff.counsel", "handoff.unverified", "abusive.calm",
        "opt_out.confirm", "counsel.ask_contact", "wrong_contact.ask", "wrong_contact.sorry", "wrong_contact.thanks",
        "callback.ask_time", "system.error", "reminder.first", "text_only", "help", "opt_in.confirm",
    ];

    private static readonly PromptLibrary Library = PromptLibrary.Load(Path.Combine(AppContext.BaseDirectory, "prompts"), MessageKeys.All);

    private static PromptModel Rich(string channel) => new()
    {
        Channel = channel,
        ContactName = "Dana Whitfield",
        CreditorName = "Northwind Logistics",
        DebtorName = "Acme Manufacturing Inc.",
        Total = "$12,345.67",
        Invoices = [.. Enumerable.Range(1, 5).Select(i => new InvoiceLine($"NWL-1042{i}", "Wed 30 Sep", "$2,469.13", 55))],
        Amount = "$10,493.82",
        Date = "Fri 4 Dec",
        Url = "https://pay.example/9f2b6c1d0e4a4b8c9d7e6f5a4b3c2d1e",
        Schedule = [.. Enumerable.Range(0, 7).Select(i => new ScheduleLine(i, "Thu 24 Dec", "$1,763.67", i == 0))],
        Installments = 6,
        InstallmentAmount = "$1,763.67",
        DownPayment = "$1,763.65",
        Frequency = "monthly",
        Detail = "WT-88231",
        ContactHours = "08:00 and 21:00",
    };

    public static TheoryData<string, string, string> Every()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var tone in Library.Tones)
        {
            foreach (var key in MessageKeys.All)
            {
                foreach (var channel in new[] { "sms", "chat", "email" })
                {
                    data.Add(tone, key, channel);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Render_EveryMessage_IsNonEmptyPolitePlainAndFitsTheChannel(string tone, string key, string channel)
    {
        var text = Library.Render(key, tone, Rich(channel));

        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{%", text, StringComparison.Ordinal);
        Assert.Empty(ToneLinter.Check(text, CaseStage.FollowingUp));
        if (channel == "sms")
        {
            // Room is left for the collector disclosure the guard may add.
            Assert.True(MessageLength.SmsSegments(text) <= MessageLength.MaxSmsSegments - 1, $"{key}: {MessageLength.SmsSegments(text)} segments: {text}");
        }
    }

    public static TheoryData<string, string, string> ShownBeforeVerification()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var tone in Library.Tones)
        {
            foreach (var key in BeforeVerification)
            {
                foreach (var channel in new[] { "sms", "chat", "email" })
                {
                    data.Add(tone, key, channel);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShownBeforeVerification))]
    public void Render_MessagesShownBeforeVerification_DiscloseNothing(string tone, string key, string channel)
    {
        var text = Library.Render(key, tone, Rich(channel) with { CreditorName = "", Total = "", Invoices = [], Amount = "", Schedule = [] });
        Assert.False(ComplianceGuard.MentionsDebt(text, ["Northwind Logistics", "ACME-001", "NWL-10421"]), text);
    }

    [Fact]
    public void Load_BrokenTemplate_NamesTheFile()
    {
        var root = Path.Combine(Path.GetTempPath(), "collectionsbot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "messages", "standard"));
        File.WriteAllText(Path.Combine(root, "messages", "standard", "greeting.liquid"), "Hello {% if channel == %}");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => PromptLibrary.Load(root, ["greeting"]));
            Assert.Contains("greeting.liquid", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Load_MissingMessage_IsRefusedAtStart()
    {
        var error = Assert.Throws<InvalidDataException>(() => PromptLibrary.Load(Path.Combine(AppContext.BaseDirectory, "prompts"), ["no.such.message"]));
        Assert.Contains("no.such.message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FormalTone_OverridesOnlyWhatItWords()
    {
        var model = Rich("chat");
        Assert.NotEqual(Library.Render("greeting", "standard", model), Library.Render("greeting", "formal", model));
        Assert.Equal(Library.Render("plan.accepted", "standard", model), Library.Render("plan.accepted", "formal", model));
    }
}
