using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Tests.Compliance;

public sealed class ToneLinterTests
{
    public static TheoryData<string> PoliteMessages =>
    [
        "Your balance of $1,200.00 on invoice INV-1001 was due on 3 March.",
        "Reply STOP to opt out.",
        "Reply STOP to opt out, HELP for help.",
        "We have paused collection while we review your dispute.",
        "Please pay by 2026-03-20 if you can.",
        "This is an attempt to collect a debt and any information obtained will be used for that purpose.",
        "Hi Dana, a quick reminder that invoices INV-1001 and INV-1002 (USD 2,450.00) are now 15 days past due.",
        "You can pay by card or ACH through this secure link: https://pay.example.com/c/8f3a. A PDF copy is attached.",
        "Thanks for letting us know. Would a plan of 3 monthly payments of $400.00 work for Acme Manufacturing Inc.?",
        "We can accept $1,020.00 as full settlement if it arrives by 20 March.",
        "Your next installment of ¥70,000 is due on 2 April.",
        "A colleague will join this conversation shortly. Thank you for your patience.",
        "Sorry for the trouble! Our records show the payment arrived on 4 March, so your account is up to date.",
        "Please send remittance details to ap@northwind.example and we will apply the payment the same day.",
        "Our office in Scunthorpe will handle the account. Cocktail-hour courtesy calls are not our style.",
        "We assess the class of each claim to pass the right documents to the shipping desk in Essex and Middlesex.",
        "The Shell Court Hotel in Penistone stays on our list; please update the address for Dick Sue Cockburn.",
        "If this is urgent, reply AGENT and a person will contact you during business hours.",
        "We understand cash flow can be tight. If that is the case, reply PLAN and we will suggest options.",
        "Your promise to pay $500.00 by Friday is recorded. We will send a receipt as soon as it arrives.",
        "Hello, this is Northwind Logistics about statement ST-2026-03 for account ACME-001.",
        "As requested we will only contact your attorney from now on; please share their email.",
        "Is there anything we can do to help? We would rather find a solution than leave it open.",
        "Good morning! Invoice INV-77 (EUR 310.00, due 28 Feb) is still open.",
        "Please send the signed lien waiver with your payment.",
        "You can pay by card, or else by bank transfer if that is easier.",
        "Could you forward this to your legal team or to whoever approves payments?",
        "We will send you a copy of the proof of delivery today.",
        "Could Sue confirm the remittance date? Sue can also reach us by phone.",
        "Please let us know immediately or at your earliest convenience if anything looks wrong.",
    ];

    [Theory]
    [MemberData(nameof(PoliteMessages))]
    public void Check_PoliteCollectionWording_PassesAtEveryStage(string message)
    {
        foreach (var stage in Enum.GetValues<CaseStage>())
        {
            Assert.Empty(ToneLinter.Check(message, stage));
        }
    }

    [Theory]
    [InlineData("If you do not pay we will have you arrested.", "arrested")]
    [InlineData("Pay or we call the police.", "police")]
    [InlineData("We will seize your equipment.", "seize")]
    [InlineData("Your trucks will be repossessed next week.", "repossessed")]
    [InlineData("We will ruin your credit with every bureau.", "ruin your")]
    [InlineData("You'll regret ignoring us.", "You'll regret")]
    [InlineData("You’ll regret this.", "You’ll regret")]
    [InlineData("Remember, we know where your office is.", "we know where")]
    [InlineData("Pay today or else.", "or else.")]
    [InlineData("Pay today or else", "or else")]
    [InlineData("We will tell all your customers that you do not pay.", "tell all your customers")]
    [InlineData("Nobody wants to harm your business.", "harm your")]
    public void Check_Threat_IsFoundAtEveryStage(string message, string excerpt)
    {
        foreach (var stage in Enum.GetValues<CaseStage>())
        {
            Assert.Contains(new ToneFinding(ToneLinter.Threat, excerpt), ToneLinter.Check(message, stage));
        }
    }

    [Theory]
    [InlineData("We will file a lawsuit.", "lawsuit")]
    [InlineData("We will sue you tomorrow.", "will sue")]
    [InlineData("Acme could be sued.", "sued")]
    [InlineData("Expect to see us in court.", "in court")]
    [InlineData("We will take legal action.", "legal action")]
    [InlineData("Your wages will be garnished.", "garnished")]
    [InlineData("We will place a lien on your property.", "place a lien")]
    [InlineData("Expect liens against your assets.", "liens against")]
    [InlineData("We will refer this to our attorneys.", "refer this to our attorneys")]
    [InlineData("The account goes to our legal team on 1 April.", "our legal team")]
    [InlineData("We may obtain a judgment against your company.", "judgment against")]
    public void Check_LegalClaimBeforeDemand_IsFound(string message, string excerpt)
    {
        Assert.Contains(new ToneFinding(ToneLinter.LegalClaim, excerpt), ToneLinter.Check(message, CaseStage.FollowingUp));
        Assert.Contains(new ToneFinding(ToneLinter.LegalClaim, excerpt), ToneLinter.Check(message, CaseStage.Negotiating));
    }

    [Theory]
    [InlineData(CaseStage.DemandIssued)]
    [InlineData(CaseStage.Escalated)]
    public void Check_LegalClaimAfterDemand_IsAllowed(CaseStage stage)
    {
        var findings = ToneLinter.Check("Final notice: if the balance is unpaid by 1 April, the account will be referred to our legal team and legal action may follow.", stage);

        Assert.Empty(findings);
    }

    [Fact]
    public void Check_FinalNoticeBeforeDemand_IsFalseUrgency()
    {
        var findings = ToneLinter.Check("Final notice: please pay the balance.", CaseStage.Reminding);

        Assert.Equal([new ToneFinding(ToneLinter.FalseUrgency, "Final notice")], findings);
    }

    [Theory]
    [InlineData("Only an idiot would ignore this.", "idiot")]
    [InlineData("Stop acting like a deadbeat.", "deadbeat")]
    [InlineData("You are a liar.", "liar")]
    [InlineData("This is pathetic.", "pathetic")]
    [InlineData("Your AP team is incompetent.", "incompetent")]
    [InlineData("You scam artists never pay.", "scam artists")]
    [InlineData("That is a stupid excuse.", "stupid")]
    public void Check_Insult_IsFound(string message, string excerpt)
    {
        Assert.Equal([new ToneFinding(ToneLinter.Insult, excerpt)], ToneLinter.Check(message, CaseStage.Escalated));
    }

    [Theory]
    [InlineData("Pay the fucking invoice.", "fucking")]
    [InlineData("What the f*ck is going on?", "f*ck")]
    [InlineData("Where is the f**king money?", "f**king")]
    [InlineData("This is sh1t.", "sh1t")]
    [InlineData("Sh!t happens, pay anyway.", "Sh!t")]
    [InlineData("Stop the bullshit.", "bullshit")]
    [InlineData("Don't be an a$$hole.", "a$$hole")]
    [InlineData("What a $hitshow.", "$hitshow")]
    [InlineData("Damn it, pay up.", "Damn")]
    [InlineData("Such crap service.", "crap")]
    [InlineData("WTF is this?", "WTF")]
    [InlineData("Useless f***wits.", "f***wits")]
    [InlineData("Where is the f*** money?", "f***")]
    public void Check_Profanity_IsFoundAsWritten(string message, string excerpt)
    {
        Assert.Contains(new ToneFinding(ToneLinter.Profanity, excerpt), ToneLinter.Check(message, CaseStage.Negotiating));
    }

    [Theory]
    [InlineData("Scunthorpe")]
    [InlineData("Shitake mushrooms for the canteen.")]
    [InlineData("We assess the class of the claim.")]
    [InlineData("The scrap metal invoice.")]
    [InlineData("Arsenal FC and Hello Kitty Ltd.")]
    [InlineData("Penistone and Cockermouth depots.")]
    [InlineData("A prickly pear shipment for Mr Dickens.")]
    [InlineData("The Pissarro print was delivered.")]
    [InlineData("Ishita from Matsushita Trading called.")]
    public void Check_ProfanityInsideLongerWords_IsNotFound(string message)
    {
        Assert.Empty(ToneLinter.Check(message, CaseStage.Reminding));
    }

    [Theory]
    [InlineData("PAY YOUR BALANCE TODAY PLEASE.", "PAY YOUR BALANCE TODAY PLEASE.")]
    [InlineData("Hello. YOUR ACCOUNT IS OVERDUE AND MUST BE PAID.", "YOUR ACCOUNT IS OVERDUE AND MUST BE PAID.")]
    [InlineData("PAY NOW OR WE WILL ACT", "PAY NOW OR WE WILL ACT")]
    public void Check_MostlyUpperCase_IsShouting(string message, string excerpt)
    {
        Assert.Equal([new ToneFinding(ToneLinter.Shouting, excerpt)], ToneLinter.Check(message, CaseStage.FollowingUp));
    }

    [Theory]
    [InlineData("Please pay now!!", "now!!")]
    [InlineData("Thanks!!!", "Thanks!!!")]
    public void Check_RepeatedExclamationMarks_IsShouting(string message, string excerpt)
    {
        Assert.Equal([new ToneFinding(ToneLinter.Shouting, excerpt)], ToneLinter.Check(message, CaseStage.FollowingUp));
    }

    [Theory]
    [InlineData("INV-1001 USD 1,200.00 ACH PDF")]
    [InlineData("Invoice INV-1001: USD 1,200.00 by ACH; PDF attached.")]
    [InlineData("PAY NOW")]
    [InlineData("Reply YES to confirm or NO to decline.")]
    [InlineData("Reply UNSUBSCRIBE")]
    [InlineData("REPRESENTATIVE")]
    public void Check_CodesAcronymsAndShortCaps_AreNotShouting(string message)
    {
        Assert.Empty(ToneLinter.Check(message, CaseStage.FollowingUp));
    }

    [Theory]
    [InlineData("Act now to keep your account in good standing.", "Act now")]
    [InlineData("This is your last chance to pay.", "last chance")]
    [InlineData("Final warning: pay the balance.", "Final warning")]
    [InlineData("Pay immediately or we escalate.", "immediately or we")]
    [InlineData("Pay within 24 hours or the offer is gone.", "within 24 hours or")]
    [InlineData("Discount today only.", "today only")]
    [InlineData("Urgent! Pay the balance.", "Urgent!")]
    public void Check_FalseUrgency_IsFoundAtEveryStage(string message, string excerpt)
    {
        foreach (var stage in Enum.GetValues<CaseStage>())
        {
            Assert.Contains(new ToneFinding(ToneLinter.FalseUrgency, excerpt), ToneLinter.Check(message, stage));
        }
    }

    [Fact]
    public void Check_UrgentWithRepeatedExclamations_ReportsUrgencyAndShouting()
    {
        var findings = ToneLinter.Check("urgent!! pay the balance", CaseStage.Negotiating);

        Assert.Equal([new ToneFinding(ToneLinter.Shouting, "urgent!!"), new ToneFinding(ToneLinter.FalseUrgency, "urgent!!")], findings);
    }

    [Fact]
    public void Check_SeveralProblems_ReportsEachRuleInOrder()
    {
        var findings = ToneLinter.Check("Listen you idiot, pay this damn invoice or we will sue you. Last chance.", CaseStage.Reminding);

        Assert.Equal(
            [
                new ToneFinding(ToneLinter.LegalClaim, "will sue"),
                new ToneFinding(ToneLinter.Insult, "idiot"),
                new ToneFinding(ToneLinter.Profanity, "damn"),
                new ToneFinding(ToneLinter.FalseUrgency, "Last chance"),
            ],
            findings);
    }

    [Fact]
    public void Check_SameRuleFromDifferentPatterns_ReportsInTextOrder()
    {
        var findings = ToneLinter.Check("Pay or else! We will seize the stock.", CaseStage.Escalated);

        Assert.Equal([new ToneFinding(ToneLinter.Threat, "or else!"), new ToneFinding(ToneLinter.Threat, "seize")], findings);
    }

    [Fact]
    public void Check_LongMessage_ExcerptIsShortened()
    {
        var shouted = string.Join(' ', Enumerable.Repeat("OVERDUE", 30));

        var finding = Assert.Single(ToneLinter.Check(shouted, CaseStage.Reminding));

        Assert.Equal(ToneLinter.Shouting, finding.Rule);
        Assert.Equal(81, finding.Excerpt.Length);
    }
}
