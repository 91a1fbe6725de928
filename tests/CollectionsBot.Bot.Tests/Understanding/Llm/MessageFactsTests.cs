using CollectionsBot.Bot.Phrasing;

namespace CollectionsBot.Bot.Tests.Understanding.Llm;

public sealed class MessageFactsTests
{
    [Fact]
    public void Extract_TemplateMessage_FindsAmountsDatesInvoicesLinksAndEmails()
    {
        var facts = MessageFacts.Extract("Invoice INV-10442 for $1,250.00 is due on Friday, 2026-03-20 at 10:30. Pay at https://pay.example/i/10442?x=1. Questions: ar@northwind.example.");

        Assert.Equal(["INV-10442", "$1,250.00", "FRIDAY", "2026-03-20", "10:30", "HTTPS://PAY.EXAMPLE/I/10442?X=1", "AR@NORTHWIND.EXAMPLE"], facts);
    }

    [Theory]
    [InlineData("You may pay online.", new string[0])]
    [InlineData("Due May 5.", new[] { "MAY", "5" })]
    [InlineData("Due 5 May.", new[] { "5", "MAY" })]
    [InlineData("Pay 3 installments of €400 by tomorrow", new[] { "3", "€400", "TOMORROW" })]
    public void Extract_Words_CountOnlyWhenTheyAreDates(string text, string[] expected)
    {
        Assert.Equal(expected, MessageFacts.Extract(text));
    }

    [Theory]
    [InlineData("Pay $500 by Friday.", "By Friday, please pay $500!", true)]
    [InlineData("Pay $500 by Friday.", "Please pay $500 by Monday.", false)]
    [InlineData("Pay $500 by Friday.", "Please pay $500.", false)]
    [InlineData("Pay $500 by Friday.", "Please pay $500 or $50 by Friday.", false)]
    [InlineData("Pay $500 by Friday.", "Please pay 500 by Friday.", false)]
    public void Kept_ComparesFactsNotWording(string original, string rewording, bool kept)
    {
        Assert.Equal(kept, MessageFacts.Kept(original, rewording));
    }
}
