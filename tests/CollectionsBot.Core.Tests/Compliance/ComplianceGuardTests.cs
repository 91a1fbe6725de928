using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Tests.Compliance;

public sealed class ComplianceGuardTests
{
    // Tuesday 2026-11-24 10:00 in Chicago.
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 16, 0, 0, TimeSpan.Zero);

    // Tuesday 23:00 in Chicago.
    private static readonly DateTimeOffset Late = new(2026, 11, 25, 5, 0, 0, TimeSpan.Zero);

    private static ComplianceFacts Facts(Func<ComplianceFacts, ComplianceFacts>? change = null)
    {
        var facts = new ComplianceFacts
        {
            Channel = Channel.Sms,
            Profile = new ComplianceProfile(),
            CreditorKind = CreditorKind.FirstParty,
            TimeZone = "America/Chicago",
            Stage = CaseStage.FollowingUp,
            Verified = true,
            SensitiveTerms = ["Northwind Logistics", "ACME-001", "INV-1001"],
            FirstDisclosure = "This is an attempt to collect a debt.",
            LaterDisclosure = "This communication is from a debt collector.",
        };
        return change is null ? facts : change(facts);
    }

    private static OutboundDraft Collection(string text = "Your balance is $6,000.00.", bool reply = true) => new(text, MessagePurpose.Collection, reply, DisclosesDebt: true);

    [Fact]
    public void Check_OrdinaryReply_IsAllowedAndNamesTheRulesItPassed()
    {
        var decision = ComplianceGuard.Check(Collection(), Facts(), Noon);
        Assert.Equal(GuardVerdict.Allow, decision.Verdict);
        Assert.Equal(ComplianceGuard.Rules.Allowed, decision.Rule);
        Assert.Contains(ComplianceGuard.Rules.OptOut, decision.Checked);
        Assert.Contains(ComplianceGuard.Rules.Identity, decision.Checked);
        Assert.Contains("tone", decision.Checked);
    }

    [Fact]
    public void Check_OptedOut_BlocksEverythingButTheConfirmationReply()
    {
        var facts = Facts(f => f with { OptedOut = true });
        Assert.Equal(ComplianceGuard.Rules.OptOut, ComplianceGuard.Check(Collection(), facts, Noon).Rule);
        Assert.Equal(GuardVerdict.Block, ComplianceGuard.Check(new OutboundDraft("Hello", MessagePurpose.Service, true, false), facts, Noon).Verdict);
        Assert.Equal(GuardVerdict.Block, ComplianceGuard.Check(new OutboundDraft("You're opted out.", MessagePurpose.OptOutConfirmation, IsReply: false, false), facts, Noon).Verdict);
        Assert.Equal(GuardVerdict.Allow, ComplianceGuard.Check(new OutboundDraft("You're opted out.", MessagePurpose.OptOutConfirmation, IsReply: true, false), facts, Noon).Verdict);
    }

    [Theory]
    [InlineData("insolvent", ComplianceGuard.Rules.Insolvency)]
    [InlineData("counsel", ComplianceGuard.Rules.Counsel)]
    [InlineData("wrong", ComplianceGuard.Rules.WrongContact)]
    public void Check_CeaseCondition_BlocksCollectionButLetsAServiceReplyThrough(string condition, string rule)
    {
        var facts = Facts(f => condition switch
        {
            "insolvent" => f with { Insolvent = true },
            "counsel" => f with { RepresentedByCounsel = true },
            _ => f with { WrongContact = true },
        });
        Assert.Equal(rule, ComplianceGuard.Check(Collection(), facts, Noon).Rule);
        Assert.Equal(rule, ComplianceGuard.Check(new OutboundDraft("A reminder about your account.", MessagePurpose.Service, IsReply: false, false), facts, Noon).Rule);
        Assert.Equal(GuardVerdict.Allow, ComplianceGuard.Check(new OutboundDraft("Thank you, a colleague will be in touch.", MessagePurpose.Service, IsReply: true, false), facts, Noon).Verdict);
    }

    [Fact]
    public void Check_CounselItself_MayBeContacted()
    {
        var facts = Facts(f => f with { RepresentedByCounsel = true, RecipientIsCounsel = true });
        Assert.Equal(GuardVerdict.Allow, ComplianceGuard.Check(Collection(), facts, Noon).Verdict);
    }

    [Theory]
    [InlineData("Your balance is $6,000.00.")]
    [InlineData("You owe 6000 USD.")]
    [InlineData("About invoice INV-1001.")]
    [InlineData("A message from northwind logistics.")]
    [InlineData("Your account ACME-001 is overdue.")]
    [InlineData("The total is 1.250,00 now.")]
    public void Check_Unverified_BlocksAnythingThatMentionsTheDebtEvenUnflagged(string text)
    {
        var decision = ComplianceGuard.Check(new OutboundDraft(text, MessagePurpose.Service, true, DisclosesDebt: false), Facts(f => f with { Verified = false }), Noon);
        Assert.Equal(ComplianceGuard.Rules.Identity, decision.Rule);
    }

    [Fact]
    public void Check_Unverified_AllowsAVerificationQuestion()
    {
        var decision = ComplianceGuard.Check(new OutboundDraft("Please reply with your company name and account reference.", MessagePurpose.Service, true, false), Facts(f => f with { Verified = false }), Noon);
        Assert.Equal(GuardVerdict.Allow, decision.Verdict);
    }

    [Fact]
    public void Check_MessageWeStartOutsideTheWindow_IsHeldUntilTheNextOpening()
    {
        var decision = ComplianceGuard.Check(Collection(reply: false), Facts(), Late);
        Assert.Equal(GuardVerdict.Hold, decision.Verdict);
        Assert.Equal(ComplianceGuard.Rules.ContactWindow, decision.Rule);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero), decision.HoldUntil);
    }

    [Fact]
    public void Check_ReplyOutsideTheWindow_GoesOut()
    {
        Assert.Equal(GuardVerdict.Allow, ComplianceGuard.Check(Collection(reply: true), Facts(), Late).Verdict);
    }

    [Fact]
    public void Check_FridayEvening_IsHeldUntilMonday()
    {
        // Friday 2026-11-27 21:30 in Chicago.
        var decision = ComplianceGuard.Check(Collection(reply: false), Facts(), new DateTimeOffset(2026, 11, 28, 3, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero), decision.HoldUntil);
    }

    [Fact]
    public void Check_CapReached_HoldsUntilTheOldestLeavesTheWeek()
    {
        var sent = new[] { Noon.AddDays(-6), Noon.AddDays(-2), Noon.AddDays(-1) };
        var decision = ComplianceGuard.Check(Collection(reply: false), Facts(f => f with { InitiatedLastWeek = sent }), Noon);
        Assert.Equal(GuardVerdict.Hold, decision.Verdict);
        Assert.Equal(ComplianceGuard.Rules.FrequencyCap, decision.Rule);
        Assert.Equal(Noon.AddDays(1), decision.HoldUntil);
    }

    [Fact]
    public void Check_CapOfZero_BlocksMessagesWeStartButNotReplies()
    {
        var facts = Facts(f => f with { Profile = new ComplianceProfile { MaxMessagesPerChannelPerWeek = 0 } });
        Assert.Equal(GuardVerdict.Block, ComplianceGuard.Check(Collection(reply: false), facts, Noon).Verdict);
        Assert.Equal(GuardVerdict.Allow, ComplianceGuard.Check(Collection(reply: true), facts, Noon).Verdict);
    }

    [Fact]
    public void Check_Agency_AddsTheFullDisclosureFirstAndTheShortOneAfter()
    {
        var first = ComplianceGuard.Check(Collection(), Facts(f => f with { CreditorKind = CreditorKind.Agency }), Noon);
        Assert.EndsWith("This is an attempt to collect a debt.", first.Text, StringComparison.Ordinal);
        var later = ComplianceGuard.Check(Collection(), Facts(f => f with { CreditorKind = CreditorKind.Agency, DisclosureGiven = true }), Noon);
        Assert.EndsWith("This communication is from a debt collector.", later.Text, StringComparison.Ordinal);
        var service = ComplianceGuard.Check(new OutboundDraft("Thank you.", MessagePurpose.Service, true, false), Facts(f => f with { CreditorKind = CreditorKind.Agency }), Noon);
        Assert.Equal("Thank you.", service.Text);
    }

    [Fact]
    public void Check_FirstPartyRequiringDisclosure_AddsItOnceOnly()
    {
        var profile = new ComplianceProfile { RequiresCollectorDisclosure = true };
        Assert.Contains("attempt to collect", ComplianceGuard.Check(Collection(), Facts(f => f with { Profile = profile }), Noon).Text, StringComparison.Ordinal);
        Assert.Equal("Your balance is $6,000.00.", ComplianceGuard.Check(Collection(), Facts(f => f with { Profile = profile, DisclosureGiven = true }), Noon).Text);
    }

    [Fact]
    public void Check_SmsBeyondFourSegments_IsBlocked()
    {
        var decision = ComplianceGuard.Check(Collection(new string('a', 620)), Facts(), Noon);
        Assert.Equal(ComplianceGuard.Rules.Length, decision.Rule);
        Assert.Equal(GuardVerdict.Allow, ComplianceGuard.Check(Collection(new string('a', 612)), Facts(), Noon).Verdict);
    }

    [Fact]
    public void Check_Threat_IsBlockedWhoeverWroteIt()
    {
        var decision = ComplianceGuard.Check(new OutboundDraft("Pay today or we will send the police.", MessagePurpose.Collection, true, true), Facts(), Noon);
        Assert.Equal(GuardVerdict.Block, decision.Verdict);
        Assert.StartsWith("tone.", decision.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EmptyText_IsBlocked()
    {
        Assert.Equal(GuardVerdict.Block, ComplianceGuard.Check(Collection("   "), Facts(), Noon).Verdict);
    }
}
