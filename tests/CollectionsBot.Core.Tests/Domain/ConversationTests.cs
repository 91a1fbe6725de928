using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Tests.Domain;

public sealed class ConversationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ownership_HandOffClaimHandBack_FollowsStateMachine()
    {
        var conversation = new Conversation(null, null, Channel.Sms, "+13125550142|+18005550100", Now);

        conversation.HandOff(HandoffReason.Dispute, "Disputes NWL-10421: goods not delivered.", Now);
        Assert.Equal(ConversationOwner.WaitingForAgent, conversation.Owner);
        conversation.Claim("agent-1");
        Assert.Equal("agent-1", conversation.AgentId);
        conversation.HandBack();

        Assert.Equal(ConversationOwner.Bot, conversation.Owner);
        Assert.Null(conversation.AgentId);
        Assert.Null(conversation.HandoffReason);
    }

    [Fact]
    public void Claim_AlreadyClaimed_Throws()
    {
        var conversation = new Conversation(null, null, Channel.WebChat, "dl-1", Now);
        conversation.HandOff(HandoffReason.HumanRequested, "Asked for a person.", Now);
        conversation.Claim("agent-1");

        var error = Assert.Throws<InvalidOperationException>(() => conversation.Claim("agent-2"));

        Assert.Contains("owned by Agent", error.Message, StringComparison.Ordinal);
        Assert.Equal("agent-1", conversation.AgentId);
    }

    [Fact]
    public void HandOff_WhileWithAgent_Throws()
    {
        var conversation = new Conversation(null, null, Channel.Email, "thread-1", Now);
        conversation.HandOff(HandoffReason.Hardship, "Cash-flow trouble.", Now);

        Assert.Throws<InvalidOperationException>(() => conversation.HandOff(HandoffReason.Dispute, "again", Now));
    }

    [Fact]
    public void UpdateStatus_LateSentAfterDelivered_KeepsDelivered()
    {
        var conversation = new Conversation(null, null, Channel.Sms, "pair", Now);
        var message = new Message(conversation, MessageDirection.Outbound, SenderKind.Bot, "Hello", Now);
        message.MarkSent("SM123", Now);

        Assert.True(message.UpdateStatus(DeliveryStatus.Delivered, null, Now.AddSeconds(2)));
        Assert.False(message.UpdateStatus(DeliveryStatus.Sent, null, Now.AddSeconds(3)));

        Assert.Equal(DeliveryStatus.Delivered, message.Status);
    }

    [Fact]
    public void UpdateStatus_Failed_KeepsErrorCode()
    {
        var conversation = new Conversation(null, null, Channel.Sms, "pair", Now);
        var message = new Message(conversation, MessageDirection.Outbound, SenderKind.Bot, "Hello", Now);

        message.UpdateStatus(DeliveryStatus.Failed, "21610", Now);

        Assert.Equal(DeliveryStatus.Failed, message.Status);
        Assert.Equal("21610", message.ErrorCode);
    }
}
