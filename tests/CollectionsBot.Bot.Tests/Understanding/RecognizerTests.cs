using CollectionsBot.Bot.Understanding;

namespace CollectionsBot.Bot.Tests.Understanding;

public sealed class RecognizerTests
{
    private static readonly RecognitionContext Tuesday = new(NluEvaluation.ReferenceNow, "en-US");

    [Theory]
    [InlineData("we'll pay Friday", "2026-03-13")]
    [InlineData("we'll pay next Friday", "2026-03-20")]
    [InlineData("payment on the 1st", "2026-04-01")]
    [InlineData("we paid on Monday", "2026-03-09")]
    [InlineData("the check was mailed on the 4th", "2026-03-04")]
    [InlineData("we'll pay tomorrow", "2026-03-11")]
    [InlineData("we'll pay by the end of the month", "2026-03-31")]
    [InlineData("we paid it last Friday", "2026-03-06")]
    [InlineData("we will send it on March 20", "2026-03-20")]
    [InlineData("we paid on March 2", "2026-03-02")]
    [InlineData("payment goes out 2026-04-15", "2026-04-15")]
    [InlineData("It went out on the 3rd. Can you check your account?", "2026-03-03")]
    [InlineData("this was settled on March 4 by bank transfer", "2026-03-04")]
    [InlineData("we sent it Thursday, will call you tomorrow to confirm", "2026-03-05")]
    [InlineData("we paid the last one late, this one will be paid by the 4th", "2026-04-04")]
    [InlineData("the cheque will be mailed on the 16th", "2026-03-16")]
    [InlineData("it was paid on 27/02, remittance attached", "2026-02-27")]
    [InlineData("we'll settle it Thursday next week", "2026-03-19")]
    [InlineData("paying by the end of April", "2026-04-30")]
    public void Recognize_DateWording_ResolvesAgainstNow(string text, string date)
    {
        var recognition = EmbeddedRecognizer.Recognize(text, Tuesday);

        Assert.Equal(date, recognition.Entity(EntityNames.Date)?.Value);
    }

    [Theory]
    [InlineData("would you take 7k to settle", "amount", "7000.00")]
    [InlineData("We can send $12,800.00", "amount", "12800.00")]
    [InlineData("we can pay €2.300,50 now", "amount", "2300.50")]
    [InlineData("60% and we call it done", "percent", "60")]
    [InlineData("3 monthly payments please", "installments", "3")]
    [InlineData("500 every two weeks", "frequency", "biweekly")]
    [InlineData("INV-10442 was never delivered", "invoice_number", "INV-10442")]
    [InlineData("email ap@acme.example instead", "email", "ap@acme.example")]
    [InlineData("invoice #7702 double counts the freight", "invoice_number", "#7702")]
    [InlineData("we owe 8.600,00 €, not 9.100,00 €", "currency", "EUR")]
    [InlineData("we can pay 250 per week for 10 weeks", "installments", "10")]
    [InlineData("600 every Friday until it's cleared", "frequency", "weekly")]
    public void Recognize_Entities_InTaxonomyForm(string text, string entity, string value)
    {
        var recognition = EmbeddedRecognizer.Recognize(text, Tuesday);

        Assert.Contains(recognition.Entities, e => e.Entity == entity && e.Value == value);
    }

    [Theory]
    [InlineData("We filed chapter 11 and the plan will pay creditors")]
    [InlineData("Paid in full, confirmation 55102")]
    [InlineData("We had 60-day payment terms agreed")]
    [InlineData("you charged for 12 units, we received 8 of the 10 boxes")]
    public void Recognize_NumbersThatAreNotMoney_GiveNoAmount(string text)
    {
        Assert.DoesNotContain(EmbeddedRecognizer.Recognize(text, Tuesday).Entities, e => e.Entity == EntityNames.Amount);
    }

    [Fact]
    public void Recognize_AmountWithSymbol_AddsCurrencyAndExactSpan()
    {
        const string text = "I can send £1,500 today";

        var recognition = EmbeddedRecognizer.Recognize(text, Tuesday);

        var amount = Assert.Single(recognition.Entities, e => e.Entity == EntityNames.Amount);
        Assert.Equal("1500.00", amount.Value);
        Assert.Equal("£1,500", text[amount.Start..amount.End]);
        Assert.Equal("GBP", recognition.Entity(EntityNames.Currency)?.Value);
    }

    [Theory]
    [InlineData("STOP", "opt_out")]
    [InlineData("we dispute INV-204 and stop texting me", "opt_out")]
    [InlineData("we're in chapter 11, talk to our lawyer", "insolvency")]
    [InlineData("money is tight but we can do 500 a month", "payment_plan")]
    [InlineData("can't pay right now, business is struggling", "hardship")]
    [InlineData("I'm not going to stop paying, we'll pay Friday", "promise_to_pay")]
    [InlineData("yes please send the link", "pay_full")]
    [InlineData("no, that's wrong, we never ordered this", "dispute")]
    [InlineData("thanks, we'll pay Friday", "promise_to_pay")]
    [InlineData("call me after 3pm", "callback_later")]
    [InlineData("can I speak to a real person", "request_human")]
    [InlineData("Sent from my iPhone", "other")]
    [InlineData("We sent the transfer this morning. Sent from my iPhone", "already_paid")]
    [InlineData("we're not disputing it, the money goes out Monday", "promise_to_pay")]
    [InlineData("no need for lawyers, we'll pay on the 20th", "promise_to_pay")]
    [InlineData("money is tight, could we do 200 a week?", "payment_plan")]
    [InlineData("The administration fee on this invoice was never agreed", "dispute")]
    [InlineData("my lawyer will deal with this, don't contact me directly", "legal_representation")]
    public void Recognize_TaxonomyPriority_PicksTheRightIntent(string text, string intent)
    {
        Assert.Equal(intent, EmbeddedRecognizer.Recognize(text, Tuesday).Intent.Name);
    }

    [Fact]
    public void Recognize_Ranking_StartsWithPrimaryAndHoldsOnlyTaxonomyIntents()
    {
        var recognition = EmbeddedRecognizer.Recognize("we paid INV-10442 on Monday", Tuesday);

        Assert.Equal(recognition.Intent, recognition.IntentRanking[0]);
        Assert.All(recognition.IntentRanking, i => Assert.True(Intents.All.Contains(i.Name), i.Name));
        Assert.All(recognition.IntentRanking, i => Assert.InRange(i.Confidence, 0.0, 1.0));
    }

    [Fact]
    public void Evaluate_DevelopmentSet_StaysAboveItsRecordedFloor()
    {
        // docs/nlu.md records the figures (97.0 %, every critical intent 100 %, entity recall 93.9 %); the floors sit a
        // little below them and guard them from regressing. The recognizer was tuned while studying this set's misses.
        var report = NluEvaluation.Evaluate(NluEvaluation.Load(DataFile("dev.jsonl")));

        Assert.Equal(560, report.Examples);
        Assert.True(report.Accuracy >= 0.95, $"development-set accuracy {report.Accuracy:P1}");
        Assert.True(report.CriticalRecall >= 0.97, $"lowest critical-intent recall {report.CriticalRecall:P1}");
        Assert.True(report.EntityRecall >= 0.90, $"entity recall {report.EntityRecall:P1}");
    }

    [Fact]
    public void Evaluate_HeldOutSet_WhenPresent_StaysAboveTheFloor()
    {
        // The held-out set is written independently and added later; until then there is nothing to score. Its floor is
        // the one the former held-out set had: nothing about the recognizer was tuned on it, so no more is assumed.
        var path = DataFile("heldout.jsonl");
        if (!File.Exists(path))
        {
            return;
        }

        var report = NluEvaluation.Evaluate(NluEvaluation.Load(path));

        Assert.True(report.Examples > 0, "the held-out set is empty");
        Assert.True(report.Accuracy >= 0.85, $"held-out accuracy {report.Accuracy:P1}");
        Assert.True(report.EntityRecall >= 0.85, $"entity recall {report.EntityRecall:P1}");
    }

    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Understanding", "Data", name);
}
