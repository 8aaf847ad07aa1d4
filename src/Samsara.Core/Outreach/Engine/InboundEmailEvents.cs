using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Email;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Replies;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// What the replies mailbox means for outreach. The classifier tied each mail to one of our sends (reply token);
/// a human reply moves the candidate to REPLIED and cancels every pending step and timer, an automatic reply is only
/// written down, a bounce marks the address bad and brings the next step (on another channel) forward, and an
/// unsubscribe opts the address out everywhere. Handling the same mail twice (the IMAP cursor re-reads after a crash)
/// changes nothing the second time.
/// </summary>
public sealed class InboundEmailEvents(IDbContextFactory<SamsaraDbContext> dbFactory, TimeProvider clock, ChangeFeed changes) : IInboundEmailHandler
{
    public async Task HandleAsync(InboundEmail email, CancellationToken ct)
    {
        if (email.SentMessageId is not { } sentId)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sent = await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == sentId && m.Direction == MessageDirection.Outbound, ct);
        if (sent is null)
        {
            return;
        }

        var sequence = await db.OutreachSequences.AsNoTracking().SingleAsync(s => s.Id == sent.SequenceId, ct);
        var now = clock.GetUtcNow();
        var inboundId = email.MessageId ?? $"imap-uid-{email.Uid}-{sentId:N}";
        if (await db.Messages.AnyAsync(m => m.SequenceId == sequence.Id && m.Direction == MessageDirection.Inbound && m.ProviderMessageId == inboundId, ct)
            || await db.OutreachLedger.AnyAsync(e => e.SequenceId == sequence.Id && e.Detail.Contains(inboundId), ct))
        {
            return;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        switch (email.Kind)
        {
            case InboundEmailKind.Reply:
                var intent = ReplyIntentClassifier.Classify(email.Text, DateOnly.FromDateTime(now.UtcDateTime));
                var reply = Store(db, sequence.Id, email, inboundId, now, intent);
                await ReplyAsync(db, sequence, sent, reply, email, intent, now, ct);
                break;
            case InboundEmailKind.AutoReply:
                var auto = ReplyIntentClassifier.Classify(email.Text, DateOnly.FromDateTime(now.UtcDateTime));
                if (auto is { Intent: ReplyIntent.OutOfOffice, IsConfident: true, Date: not null })
                {
                    // An out-of-office that says when they are back pauses the sequence until the day after.
                    var away = Store(db, sequence.Id, email, inboundId, now, auto);
                    await ReplyActions.ApplyAsync(db, sequence, away, auto, new ReplyOrigin(MessageChannel.Email, $"by email from {email.FromAddress} <{inboundId}>"), "candidate", now, ct);
                    break;
                }

                EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.AutoReply, $"Automatic reply ignored ({email.Reason}) <{inboundId}>", now);
                break;
            case InboundEmailKind.Bounce:
                await BounceAsync(db, sequence, sent, email, inboundId, now, ct);
                break;
            case InboundEmailKind.Unsubscribe when email.Reason == InboundEmailClassifier.AsksToUnsubscribeReason
                && ReplyIntentClassifier.Classify(email.Text, DateOnly.FromDateTime(now.UtcDateTime)) is { Intent: ReplyIntent.OptOut, IsConfident: true } words:
                // A person writing "remove me from your list" asks not to be contacted at all, not only by email: it is
                // an opt-out in words (every channel, one confirmation), unlike a mail client's List-Unsubscribe mail.
                await ReplyAsync(db, sequence, sent, Store(db, sequence.Id, email, inboundId, now, words), email, words, now, ct);
                break;
            case InboundEmailKind.Unsubscribe:
                Store(db, sequence.Id, email, inboundId, now);
                await UnsubscribeAsync(db, sequence, sent, email, now, ct);
                break;
            case InboundEmailKind.Unrelated:
                return;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        changes.Publish(sequence.ProjectId, "outreach");
    }

    private static Message Store(SamsaraDbContext db, Guid sequenceId, InboundEmail email, string inboundId, DateTimeOffset now, ReplyClassification? intent = null) =>
        db.Messages.Add(new Message
        {
            Id = Guid.CreateVersion7(now),
            SequenceId = sequenceId,
            Channel = MessageChannel.Email,
            Direction = MessageDirection.Inbound,
            ProviderMessageId = inboundId.Length > 200 ? inboundId[..200] : inboundId,
            Recipient = email.FromAddress ?? "",
            Subject = email.Subject is { Length: > 500 } s ? s[..500] : email.Subject,
            Body = email.Text ?? "",
            Status = MessageStatus.Received,
            SentAt = email.Date ?? now,
            CreatedAt = now,
            Intent = intent?.Intent,
            IntentConfidence = intent?.Confidence,
            IntentDate = intent?.Date,
        }).Entity;

    private static async Task ReplyAsync(
        SamsaraDbContext db, OutreachSequence sequence, Message sent, Message reply, InboundEmail email, ReplyClassification intent, DateTimeOffset now, CancellationToken ct)
    {
        if (intent is { Intent: ReplyIntent.OptOut, IsConfident: true })
        {
            // Asked in words not to be contacted: honoured for the address, the candidate's number and every project.
            var candidate = await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == sequence.CandidateId, ct);
            string[] addresses = [.. new[] { sent.Recipient, email.FromAddress, candidate.Email }.OfType<string>()];
            var already = await ConsentLedger.CurrentAsync(db, email.FromAddress ?? sent.Recipient, ConsentChannel.Email, ct) is { Kind: ConsentKind.OptOut };
            await OptOutEverywhere.ApplyAsync(db, candidate.Phone, addresses, ConsentSource.ReplyWords,
                $"Asked by email not to be contacted: \"{intent.Evidence}\"", sequence.ProjectId, now, ct);
            if (!already)
            {
                OptOutEverywhere.Confirm(db, sequence, MessageChannel.Email, reply.Id, EngineLedger.Actor, now);
            }

            return;
        }

        await ReplyActions.ApplyAsync(db, sequence, reply, intent, new ReplyOrigin(MessageChannel.Email, $"by email from {email.FromAddress}"), "candidate", now, ct);
    }

    private static async Task BounceAsync(SamsaraDbContext db, OutreachSequence sequence, Message sent, InboundEmail email, string inboundId, DateTimeOffset now, CancellationToken ct)
    {
        var address = email.FailedRecipient ?? sent.Recipient;
        await EmailProblems.MarkAsync(db, address, $"bounced at {now:u} ({email.Reason})", ct);
        await db.Messages.Where(m => m.Id == sent.Id).ExecuteUpdateAsync(m => m
            .SetProperty(x => x.Status, MessageStatus.Failed)
            .SetProperty(x => x.StatusDetail, $"Bounced: {email.Reason}"), ct);
        EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.Bounced, $"Email to {address} bounced ({email.Reason}); address marked unusable <{inboundId}>", now);
        // The mail never arrived, so waiting out the delay for an answer to it is pointless: the next step goes now.
        var next = await db.OutreachSends
            .Where(s => s.SequenceId == sequence.Id && s.Status == SendStatus.Pending && s.AttemptedAt == null)
            .OrderBy(s => s.StepIndex).FirstOrDefaultAsync(ct);
        if (next is not null && next.DueAt > now)
        {
            next.DueAt = now;
            next.UpdatedAt = now;
        }
    }

    private static async Task UnsubscribeAsync(SamsaraDbContext db, OutreachSequence sequence, Message sent, InboundEmail email, DateTimeOffset now, CancellationToken ct)
    {
        var reason = $"Unsubscribed by email ({email.Reason})";
        ConsentLedger.Record(db, sent.Recipient, ConsentChannel.Email, ConsentKind.OptOut, ConsentSource.UnsubscribeMail, email.Reason, sequence.ProjectId, now);
        if (CandidateStateMachine.CanMove(sequence.Status, CandidateState.OptedOut))
        {
            await OutreachService.MoveInAsync(db, sequence.Id, sequence.Status, CandidateState.OptedOut, reason, "candidate", now, ct);
        }

        await OutstandingWork.CancelAsync(db, sequence.Id, "Opted out", now, ct);
        EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.OptedOut, reason, now);
    }
}
