using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine.Inbound;
using Samsara.Core.Outreach.Replies;
using Samsara.Core.Templates;
using Samsara.Core.Usage;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// Reads replies from Twilio's message list (no webhook needed for a local install). The cursor lives in app_meta and
/// trails "now" a little, because a provider's clock and ours differ; messages already stored are recognised by SID.
/// </summary>
internal sealed class InboundSmsPoller(IDbContextFactory<SamsaraDbContext> dbFactory, TwilioSmsClient twilio)
{
    public const string CursorKey = "outreach.sms.inbound_since";
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    public async Task<IReadOnlyList<Guid>> PollAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var since = await CursorAsync(db, ct);
        if (since is null)
        {
            // Nothing sent yet, so nothing to hear back about; start listening from the first send.
            var firstSend = await db.Messages.Where(m => m.Direction == MessageDirection.Outbound && m.Channel == MessageChannel.Sms && m.SentAt != null)
                .MinAsync(m => m.SentAt, ct);
            if (firstSend is null)
            {
                return [];
            }

            since = firstSend;
        }

        var listed = await twilio.ListInboundAsync(since.Value, ct: ct);
        if (!listed.Succeeded)
        {
            // The cursor stays where it was; the next poll asks again for the same stretch.
            return [];
        }

        var touched = new List<Guid>();
        foreach (var inbound in listed.Value!.OrderBy(m => m.SentAt))
        {
            touched.AddRange(await HandleAsync(inbound, now, ct));
        }

        var next = now - Overlap > since.Value ? now - Overlap : since.Value;
        await SaveCursorAsync(db, next, ct);
        return touched;
    }

    private async Task<IReadOnlyList<Guid>> HandleAsync(TwilioMessage inbound, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (inbound.From is null || await db.Messages.AnyAsync(m => m.ProviderMessageId == inbound.Sid && m.Direction == MessageDirection.Inbound, ct))
        {
            return [];
        }

        var consent = await ConsentLedger.CurrentAsync(db, inbound.From, ConsentChannel.Phone, ct);
        if (OptOutKeywords.IsOptIn(inbound.Body) && consent is { Kind: ConsentKind.OptOut })
        {
            return await OptInAsync(db, await ReplyRouting.SequencesOfPhoneAsync(db, inbound.From, ct), inbound, now, ct);
        }

        // STOP, or an opt-out in words the rules are sure of ("please stop texting me"); an unsure one waits for the recruiter.
        var intent = ReplyIntentClassifier.Classify(inbound.Body, DateOnly.FromDateTime(now.UtcDateTime));
        var keyword = OptOutKeywords.IsOptOut(inbound.Body);
        var optOut = keyword || intent is { Intent: ReplyIntent.OptOut, IsConfident: true };

        // Which project(s) the reply belongs to: see ReplyRouting for the rule.
        var sequences = await ReplyRouting.TargetsAsync(db, inbound.From, optOut, ct);
        var touched = new List<Guid>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The provider's id is recorded in the same transaction as the reply, so two nodes store and act on it once.
        if (!await InboundReceipts.TryRecordAsync(db, "twilio", inbound.Sid, now, ct))
        {
            return [];
        }

        var stored = new List<(OutreachSequence Sequence, Message Reply)>();
        foreach (var sequence in sequences)
        {
            var reply = Received(sequence, inbound, inbound.Body ?? "", now, intent);
            db.Messages.Add(reply);
            stored.Add((sequence, reply));
            touched.Add(sequence.ProjectId);
        }

        await BookAsync(db, sequences, inbound, stored.Count > 0 ? stored[0].Reply.Id : null, now, ct);

        if (optOut)
        {
            // Consent belongs to the person, not to one project or channel: the number (texts and calls) and the
            // candidates' addresses are blocked everywhere until they opt back in.
            var emails = await db.Candidates.AsNoTracking()
                .Where(c => sequences.Select(s => s.CandidateId).Contains(c.Id) && c.Email != null)
                .Select(c => c.Email!).Distinct().ToListAsync(ct);
            var reason = $"Candidate texted \"{ReplyActions.Quote(inbound.Body)}\"";
            touched.AddRange(await OptOutEverywhere.ApplyAsync(
                db, inbound.From, emails, keyword ? ConsentSource.StopKeyword : ConsentSource.ReplyWords, reason, sequences.Count > 0 ? sequences[0].ProjectId : null, now, ct));
            // STOP is answered by Twilio itself (and the carrier then refuses our texts); words are not, so one
            // confirmation goes from us, once, and only for a number that was not opted out already.
            if (!keyword && consent is not { Kind: ConsentKind.OptOut } && stored.Count > 0)
            {
                OptOutEverywhere.Confirm(db, stored[0].Sequence, MessageChannel.Sms, stored[0].Reply.Id, EngineLedger.Actor, now);
            }
        }
        else
        {
            var at = (inbound.SentAt ?? now).ToString("u", CultureInfo.InvariantCulture);
            foreach (var (sequence, reply) in stored)
            {
                await ReplyActions.ApplyAsync(db, sequence, reply, intent, new ReplyOrigin(MessageChannel.Sms, $"by SMS at {at}"), "candidate", now, ct);
            }
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return touched;
    }

    /// <summary>START / UNSTOP / YES from an opted-out number: it may be texted again; candidates stay where they are (the recruiter decides).</summary>
    private static async Task<IReadOnlyList<Guid>> OptInAsync(
        SamsaraDbContext db, IReadOnlyList<OutreachSequence> sequences, TwilioMessage inbound, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await InboundReceipts.TryRecordAsync(db, "twilio", inbound.Sid, now, ct))
        {
            return [];
        }

        var word = inbound.Body!.Trim();
        ConsentLedger.Record(db, inbound.From!, ConsentChannel.Phone, ConsentKind.OptIn, ConsentSource.StartKeyword, word, null, now);
        var received = sequences.Select(sequence => Received(sequence, inbound, word, now)).ToList();
        db.Messages.AddRange(received);
        await BookAsync(db, sequences, inbound, received.FirstOrDefault()?.Id, now, ct);
        foreach (var sequence in sequences)
        {
            EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.OptedIn,
                $"Candidate texted \"{word}\": the number may be texted again; state stays {sequence.Status} until the recruiter moves it", now);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return [.. sequences.Select(s => s.ProjectId).Distinct()];
    }

    /// <summary>
    /// Twilio bills a received text per segment as it does a sent one: one usage row per SID (written with the receipt,
    /// so once across nodes), on the first project it reached, at the account's per-segment price.
    /// </summary>
    private static async Task BookAsync(SamsaraDbContext db, IReadOnlyList<OutreachSequence> sequences, TwilioMessage inbound, Guid? messageId, DateTimeOffset now, CancellationToken ct)
    {
        var first = sequences.Count > 0 ? sequences[0] : null;
        db.UsageEvents.Add(UsageRows.Sms(inbound.Sid, inbound.Body ?? "", first?.ProjectId, first?.CandidateId, messageId, PriceQuote.None, now));
        await UsageRows.PriceAddedAsync(db, ct);
    }

    /// <summary>The inbound row, stored with its SID so the next poll's overlap does not take it as a new message.</summary>
    private static Message Received(OutreachSequence sequence, TwilioMessage inbound, string body, DateTimeOffset now, ReplyClassification? intent = null) => new()
    {
        Id = Guid.CreateVersion7(now),
        SequenceId = sequence.Id,
        Channel = MessageChannel.Sms,
        Direction = MessageDirection.Inbound,
        ProviderMessageId = inbound.Sid,
        Recipient = inbound.To ?? "",
        Body = body,
        Status = MessageStatus.Received,
        SentAt = inbound.SentAt,
        CreatedAt = now,
        Intent = intent?.Intent,
        IntentConfidence = intent?.Confidence,
        IntentDate = intent?.Date,
    };

    private static async Task<DateTimeOffset?> CursorAsync(SamsaraDbContext db, CancellationToken ct)
    {
        var value = await db.AppMeta.Where(m => m.Key == CursorKey).Select(m => m.Value).SingleOrDefaultAsync(ct);
        return value is not null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    private static async Task SaveCursorAsync(SamsaraDbContext db, DateTimeOffset at, CancellationToken ct)
    {
        var text = at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        var row = await db.AppMeta.SingleOrDefaultAsync(m => m.Key == CursorKey, ct);
        if (row is null)
        {
            db.AppMeta.Add(new AppMeta { Key = CursorKey, Value = text });
        }
        else
        {
            row.Value = text;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node wrote the cursor first; its value is as good as ours.
        }
    }
}
