using CollectionsBot.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CollectionsBot.Core.Persistence;

internal sealed class CreditorConfiguration : IEntityTypeConfiguration<Creditor>
{
    public void Configure(EntityTypeBuilder<Creditor> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.TimeZone).HasMaxLength(64);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ToneProfile).HasMaxLength(40);
        builder.ComplexProperty(c => c.RemitTo, remit =>
        {
            remit.Property(r => r.Address).HasMaxLength(1000);
            remit.Property(r => r.ReferenceInstructions).HasMaxLength(1000);
        });
        builder.ComplexProperty(c => c.Policy, policy =>
        {
            policy.Property(p => p.AllowedFrequencies).HasConversion<int>();
        });
        builder.ComplexProperty(c => c.AgentPolicy, policy =>
        {
            policy.Property(p => p.AllowedFrequencies).HasConversion<int>();
        });
        builder.ComplexProperty(c => c.Compliance, compliance =>
        {
            compliance.Property(p => p.Jurisdiction).HasMaxLength(20);
            compliance.Property(p => p.ContactDays).HasConversion<int>();
            compliance.Property(p => p.VerifyWith).HasConversion<string>().HasMaxLength(30);
        });
    }
}

internal sealed class DebtorConfiguration : IEntityTypeConfiguration<DebtorCompany>
{
    public void Configure(EntityTypeBuilder<DebtorCompany> builder)
    {
        builder.ToTable("Debtors");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Reference).HasMaxLength(100);
        builder.Property(d => d.PostalCode).HasMaxLength(20);
        builder.HasIndex(d => new { d.CreditorId, d.Reference }).IsUnique();
        builder.HasOne<Creditor>().WithMany().HasForeignKey(d => d.CreditorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(d => d.Contacts).WithOne().HasForeignKey(c => c.DebtorId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.Contacts).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.PhoneE164).HasMaxLength(20);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.TimeZone).HasMaxLength(64);
        builder.Property(c => c.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.PreferredChannel).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(c => c.PhoneE164);
        builder.HasIndex(c => c.Email);
    }
}

internal sealed class ChannelConsentConfiguration : IEntityTypeConfiguration<ChannelConsent>
{
    public void Configure(EntityTypeBuilder<ChannelConsent> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Address).HasMaxLength(254);
        builder.Property(c => c.Source).HasMaxLength(200);
        builder.HasIndex(c => new { c.CreditorId, c.Channel, c.Address }).IsUnique();
        builder.HasOne<Creditor>().WithMany().HasForeignKey(c => c.CreditorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<CollectionCase>
{
    public void Configure(EntityTypeBuilder<CollectionCase> builder)
    {
        builder.ToTable("Cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Stage).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.CreditorId, c.DebtorId }).IsUnique();
        builder.HasIndex(c => new { c.CreditorId, c.Stage });
        builder.HasOne<Creditor>().WithMany().HasForeignKey(c => c.CreditorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<DebtorCompany>().WithMany().HasForeignKey(c => c.DebtorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Number).HasMaxLength(64);
        builder.Property(i => i.CurrencyCode).HasMaxLength(3).IsFixedLength();
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => new { i.CreditorId, i.Number }).IsUnique();
        builder.HasIndex(i => new { i.CaseId, i.DueDate });
        builder.HasOne<CollectionCase>().WithMany().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<DebtorCompany>().WithMany().HasForeignKey(i => i.DebtorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Creditor>().WithMany().HasForeignKey(i => i.CreditorId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(i => i.Currency);
        builder.Ignore(i => i.OpenBalance);
    }
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Owner).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.HandoffReason).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.ChannelConversationId).HasMaxLength(200);
        builder.Property(c => c.AgentId).HasMaxLength(100);
        builder.Property(c => c.HandoffSummary).HasMaxLength(4000);
        builder.Property(c => c.DialogState).HasMaxLength(20000);
        builder.Property(c => c.DialogVersion).HasMaxLength(64);
        builder.Property(c => c.Address).HasMaxLength(254);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.Channel, c.ChannelConversationId }).IsUnique();
        builder.HasIndex(c => new { c.Owner, c.HandedOffAt });
        builder.HasIndex(c => new { c.Channel, c.Address });
        builder.HasOne<CollectionCase>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contact>().WithMany().HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Direction).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.Sender).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Body).HasMaxLength(20000);
        builder.Property(m => m.ExternalId).HasMaxLength(200);
        builder.Property(m => m.SenderId).HasMaxLength(200);
        builder.Property(m => m.ErrorCode).HasMaxLength(100);
        builder.Property(m => m.Purpose).HasConversion<string>().HasMaxLength(30);
        builder.Property(m => m.TemplateKey).HasMaxLength(100);
        // Only queued messages are ever looked up by status (the dispatcher's ready ones, oldest first; the held ones
        // due for release): the index holds those rows alone, so a turn's inbound message does not touch it and a reply
        // leaves it once sent (fewer pages written a turn). Replies are found by the message they answer within its
        // conversation, through the conversation's index: one of their own would be written at every reply for a
        // look-up made only when a webhook comes twice.
        builder.HasIndex(m => new { m.NotBefore, m.CreatedAt }, "IX_Messages_Queued").HasFilter($"\"Status\" = '{nameof(DeliveryStatus.Queued)}'");

        // A retried webhook carries the same channel id: the unique index makes a second insert impossible. A reply
        // has no channel id until sent, and enters the index then.
        builder.HasIndex(m => new { m.Channel, m.Direction, m.ExternalId }).IsUnique().HasFilter("\"ExternalId\" IS NOT NULL");
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt });
        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PaymentPlanConfiguration : IEntityTypeConfiguration<PaymentPlan>
{
    public void Configure(EntityTypeBuilder<PaymentPlan> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.CurrencyCode).HasMaxLength(3).IsFixedLength();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Frequency).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.AgreedBy).HasMaxLength(100);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => p.CaseId);
        builder.HasOne<CollectionCase>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Installments).WithOne().HasForeignKey(i => i.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Installments).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(p => p.PaidCount);
        builder.Ignore(p => p.LengthInDays);
    }
}

internal sealed class InstallmentConfiguration : IEntityTypeConfiguration<Installment>
{
    public void Configure(EntityTypeBuilder<Installment> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(i => new { i.PlanId, i.Sequence }).IsUnique();
    }
}

internal sealed class PromiseConfiguration : IEntityTypeConfiguration<PromiseToPay>
{
    public void Configure(EntityTypeBuilder<PromiseToPay> builder)
    {
        builder.ToTable("Promises");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.CurrencyCode).HasMaxLength(3).IsFixedLength();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(p => new { p.CaseId, p.Status });
        builder.HasIndex(p => new { p.Status, p.PromisedDate });
        builder.HasOne<CollectionCase>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contact>().WithMany().HasForeignKey(p => p.ContactId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.CurrencyCode).HasMaxLength(3).IsFixedLength();
        builder.Property(p => p.Method).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Source).HasMaxLength(20);
        builder.Property(p => p.ExternalReference).HasMaxLength(200);
        // One payment per provider payment: a redelivered or second event about the same money finds it.
        builder.HasIndex(p => new { p.Source, p.ExternalReference }).IsUnique().HasFilter("\"ExternalReference\" IS NOT NULL");
        builder.HasIndex(p => new { p.CreditorId, p.ReceivedAt });
        builder.HasIndex(p => p.CaseId);
        builder.HasOne<CollectionCase>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Allocations).WithOne().HasForeignKey(a => a.PaymentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Allocations).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(p => p.Money);
    }
}

internal sealed class PaymentAllocationConfiguration : IEntityTypeConfiguration<PaymentAllocation>
{
    public void Configure(EntityTypeBuilder<PaymentAllocation> builder)
    {
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => new { a.InvoiceId, a.PostedByCreditor });
        builder.HasOne<Invoice>().WithMany().HasForeignKey(a => a.InvoiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Reason).HasConversion<string>().HasMaxLength(30);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Details).HasMaxLength(4000);
        builder.Property(d => d.ResolvedBy).HasMaxLength(100);
        builder.HasIndex(d => new { d.CaseId, d.Status });
        builder.HasOne<CollectionCase>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(d => d.Invoices).WithOne().HasForeignKey(i => i.DisputeId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.Invoices).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class DisputedInvoiceConfiguration : IEntityTypeConfiguration<DisputedInvoice>
{
    public void Configure(EntityTypeBuilder<DisputedInvoice> builder)
    {
        builder.HasKey(d => new { d.DisputeId, d.InvoiceId });
        builder.HasOne<Invoice>().WithMany().HasForeignKey(d => d.InvoiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.Property(a => a.Actor).HasMaxLength(200);
        builder.Property(a => a.Action).HasMaxLength(100);
        builder.Property(a => a.EntityType).HasMaxLength(50);
        builder.Property(a => a.EntityId).HasMaxLength(100);
        builder.Property(a => a.Rule).HasMaxLength(100);
        builder.Property(a => a.Data).HasMaxLength(100000);
        // Per-case and per-creditor views ask for one case or creditor; events without one (a sent message has neither,
        // a conversation's own events no creditor) stay out of those indexes instead of piling up under NULL.
        builder.HasIndex(a => new { a.CaseId, a.Id }).HasFilter("\"CaseId\" IS NOT NULL");
        builder.HasIndex(a => new { a.CreditorId, a.Id }).HasFilter("\"CreditorId\" IS NOT NULL");

        // The desk's notes on a conversation are audit events of their own kind, read whenever a conversation is
        // opened: without this the read scanned the whole trail. Only notes enter it, so turns never write to it.
        builder.HasIndex(a => new { a.EntityId, a.Id }, "IX_AuditEvents_DeskNotes").HasFilter($"\"Action\" = '{AuditEvent.DeskNoteAction}'");
    }
}

internal sealed class FollowUpTaskConfiguration : IEntityTypeConfiguration<FollowUpTask>
{
    public void Configure(EntityTypeBuilder<FollowUpTask> builder)
    {
        builder.ToTable("FollowUps");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Details).HasMaxLength(4000);
        builder.HasIndex(t => new { t.Status, t.DueAt });
        builder.HasOne<CollectionCase>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DirectLineConversationConfiguration : IEntityTypeConfiguration<DirectLineConversation>
{
    public void Configure(EntityTypeBuilder<DirectLineConversation> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.UserId).HasMaxLength(200);
    }
}

internal sealed class DirectLineActivityConfiguration : IEntityTypeConfiguration<DirectLineActivity>
{
    public void Configure(EntityTypeBuilder<DirectLineActivity> builder)
    {
        builder.HasKey(a => new { a.ConversationId, a.Sequence });
        builder.Property(a => a.ConversationId).HasMaxLength(64);
        builder.Property(a => a.Sequence).ValueGeneratedNever();
        builder.Property(a => a.ClientActivityId).HasMaxLength(200);
        builder.Property(a => a.Type).HasMaxLength(40);
        builder.Property(a => a.Json).HasMaxLength(200000);

        // One activity per sender's id in a conversation: a retried post finds the first one.
        builder.HasIndex(a => new { a.ConversationId, a.ClientActivityId }).IsUnique();
        builder.HasOne<DirectLineConversation>().WithMany().HasForeignKey(a => a.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PaymentAttemptConfiguration : IEntityTypeConfiguration<PaymentAttempt>
{
    public void Configure(EntityTypeBuilder<PaymentAttempt> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.CurrencyCode).HasMaxLength(3).IsFixedLength();
        builder.Property(a => a.Purpose).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.InvoiceIds).HasMaxLength(4000);
        builder.Property(a => a.Provider).HasMaxLength(20);
        builder.Property(a => a.ProviderReference).HasMaxLength(200);
        builder.Property(a => a.FailureReason).HasMaxLength(400);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => a.CaseId);
        builder.HasIndex(a => new { a.Provider, a.ProviderReference });
        builder.HasOne<CollectionCase>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(a => a.Money);
        builder.Ignore(a => a.Invoices);
    }
}

internal sealed class AgreementApprovalConfiguration : IEntityTypeConfiguration<AgreementApproval>
{
    public void Configure(EntityTypeBuilder<AgreementApproval> builder)
    {
        builder.ToTable("Approvals");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Terms).HasMaxLength(2000);
        builder.Property(a => a.Summary).HasMaxLength(1000);
        builder.Property(a => a.Breaches).HasMaxLength(400);
        builder.Property(a => a.RequestedBy).HasMaxLength(450);
        builder.Property(a => a.RequestedByName).HasMaxLength(200);
        builder.Property(a => a.DecidedBy).HasMaxLength(450);
        builder.Property(a => a.DecidedByName).HasMaxLength(200);
        builder.Property(a => a.DecisionNote).HasMaxLength(1000);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.Status, a.RequestedAt });
        builder.HasIndex(a => a.ConversationId);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(a => a.ConversationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CollectionCase>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Creditor>().WithMany().HasForeignKey(a => a.CreditorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProcessedPaymentEventConfiguration : IEntityTypeConfiguration<ProcessedPaymentEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedPaymentEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(255);
        builder.Property(e => e.Provider).HasMaxLength(20);
        builder.Property(e => e.Type).HasMaxLength(100);
        builder.Property(e => e.Outcome).HasMaxLength(400);
    }
}
