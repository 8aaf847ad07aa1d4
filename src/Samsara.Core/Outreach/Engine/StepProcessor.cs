using Microsoft.EntityFrameworkCore;
using Samsara.Core.Candidates;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine.Pacing;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Projects;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// Takes one claimed step to its end or to its next try: gates (stopped, opted out, state, paused, condition,
/// contact and consent, quiet hours), render, Message row written before the request, send on the step's channel,
/// outcome recorded with the candidate's move and the next step queued in the same transaction.
/// </summary>
internal sealed partial class StepProcessor(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    TwilioSmsClient twilio,
    IOutreachEmailSender email,
    TemplateService templates,
    RecruiterProfile recruiter,
    OutreachEngineOptions options,
    TimeProvider clock)
{
    private string Node => options.NodeId;

    /// <summary>Everything one step needs, loaded once.</summary>
    private sealed record Work(OutreachSend Send, OutreachSequence Sequence, Candidate Candidate, Project Project);

    /// <returns>The project touched, for the change feed; null when the claim was lost.</returns>
    public async Task<Guid?> ProcessAsync(Guid sendId, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var send = await db.OutreachSends.SingleAsync(s => s.Id == sendId, ct);
        if (send.Status != SendStatus.Claimed || send.ClaimedBy != Node)
        {
            return null;
        }

        var sequence = await db.OutreachSequences.AsNoTracking().SingleAsync(s => s.Id == send.SequenceId, ct);
        var candidate = await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == sequence.CandidateId, ct);
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == sequence.ProjectId, ct);
        var work = new Work(send, sequence, candidate, project);
        var message = send.MessageId is { } messageId ? await db.Messages.SingleOrDefaultAsync(m => m.Id == messageId, ct) : null;
        IStepChannel? channel = send.Channel switch
        {
            StepChannel.Sms => new SmsStepChannel(twilio),
            StepChannel.Email => new EmailStepChannel(email, candidate.FullName, recruiter.Email),
            StepChannel.AiCall => null,
        };

        // An earlier attempt may have reached the provider (crash or lost answer): look before sending again.
        if (send.AttemptedAt is { } attemptedAt && message is not null && channel is not null)
        {
            var reconciled = await channel.ReconcileAsync(message, attemptedAt, ct);
            if (!reconciled.Succeeded)
            {
                await WaitAsync(db, send, SendStatus.UnknownOutcome, now + Backoff(send.Attempts), $"Could not check whether the earlier attempt was sent: {reconciled.Failure!.Reason}", now, ct);
                return send.ProjectId;
            }

            if (reconciled.Value is { } found)
            {
                await RecordSentAsync(db, work, message, found, now, $"Found at the provider after an unknown outcome; not sent again", ct);
                return send.ProjectId;
            }

            EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, LedgerKind.Reconciled, $"Earlier attempt never reached the {channel.Name} provider; safe to send", now);
            send.AttemptedAt = null;
        }

        if (await GateAsync(db, work, now, ct))
        {
            return send.ProjectId;
        }

        if (channel is null)
        {
            await HandOverToAiCallAsync(db, work, now, ct);
            return send.ProjectId;
        }

        RenderedMessage? rendered = null;
        if (message is null)
        {
            (message, rendered) = await RenderAsync(db, work, now, ct);
            if (message is null)
            {
                return send.ProjectId;
            }
        }

        if (await new SendPacing(dbFactory, options.Pacing).HoldAsync(send, message, project, channel.Provider, await channel.SenderAsync(ct), now,
                (until, why, ledger) => WaitAsync(db, send, SendStatus.Pending, until, why, now, ct, ledger), ct))
        {
            return send.ProjectId;
        }

        // The Message row and the attempt mark are durable before the request leaves, so a crash during the
        // request is found by the next claim and reconciled instead of blindly sent again.
        send.AttemptedAt = now;
        send.Attempts++;
        // A full lease from the moment the request leaves, not from the claim: a send that waited long in a busy batch
        // must not be taken over (and reconciled before its request lands) by another node while it is in flight.
        send.LeaseExpiresAt = clock.GetUtcNow() + options.Lease;
        if (!await SaveIfStillOursAsync(db, send, now, ct))
        {
            return null;
        }

        var result = await channel.SendAsync(message, rendered, ct);
        await RecordOutcomeAsync(db, work, message, channel, result, now, ct);
        return send.ProjectId;
    }

    /// <returns>True when the step must not go out now (and its row says why).</returns>
    private async Task<bool> GateAsync(SamsaraDbContext db, Work w, DateTimeOffset now, CancellationToken ct)
    {
        var (send, sequence, candidate, project) = w;
        if (sequence.StoppedAt is not null)
        {
            await SkipAsync(db, send, "Stopped by the recruiter", now, ct);
            return true;
        }

        if (sequence.Status == CandidateState.OptedOut)
        {
            await SkipAsync(db, send, "Opted out", now, ct);
            return true;
        }

        if (send.Channel == StepChannel.AiCall ? sequence.Status != CandidateState.AwaitingReply : !IsBeforeReply(sequence.Status))
        {
            await SkipAsync(db, send, $"Candidate is already {sequence.Status}", now, ct);
            return true;
        }

        if (sequence.IsPaused)
        {
            // No ledger line: a pause is the recruiter's choice, already on the timeline, and re-checked often.
            await WaitAsync(db, send, SendStatus.Pending, now + options.PausedRecheck, "Paused", now, ct, ledger: false);
            return true;
        }

        if (await UnmetConditionAsync(db, w, ct) is { } unmet)
        {
            await SkipAndAdvanceAsync(db, w, $"Condition not met: {unmet}", now, ct);
            return true;
        }

        if (await ContactProblemAsync(db, w, ct) is { } problem)
        {
            await SkipAndAdvanceAsync(db, w, problem, now, ct);
            return true;
        }

        // Quiet hours apply to every channel: an email that lands at 03:00 buzzes a phone just like an SMS does.
        var zones = CandidateTimeZones.For(candidate.Phone, project.DefaultPhoneRegion);
        var hours = new QuietHours(project.QuietHoursStartMinute, project.QuietHoursEndMinute, zones);
        if (!hours.Allows(now))
        {
            var names = string.Join(", ", zones.Select(z => z.Id));
            if (hours.NextAllowed(now) is { } next)
            {
                await WaitAsync(db, send, SendStatus.Pending, next, $"Quiet hours in the candidate's time zone ({names}); waits until {next:u}", now, ct);
            }
            else
            {
                await SkipAsync(db, send, $"Quiet hours: the allowed hours never overlap across the candidate's time zones ({names})", now, ct);
            }

            return true;
        }

        return false;
    }

    /// <summary>States in which a message step may still go out: nobody has answered or moved the candidate on.</summary>
    private static bool IsBeforeReply(CandidateState state) => state switch
    {
        CandidateState.Pending or CandidateState.OutreachSent or CandidateState.AwaitingReply => true,
        CandidateState.Replied or CandidateState.Timeout or CandidateState.Scheduling or CandidateState.Scheduled
            or CandidateState.CallDone or CandidateState.Transcribed or CandidateState.AiCalling or CandidateState.Screened
            or CandidateState.Pass or CandidateState.Fail or CandidateState.AtsReady or CandidateState.AtsSubmitted
            or CandidateState.SentToClient or CandidateState.OptedOut or CandidateState.Withdrawn or CandidateState.Rejected => false,
    };

    private static async Task<string?> UnmetConditionAsync(SamsaraDbContext db, Work w, CancellationToken ct) => w.Send.Condition switch
    {
        StepCondition.Always => null,
        StepCondition.OnlyIfNoReply => await db.Messages.AnyAsync(m => m.SequenceId == w.Sequence.Id && m.Direction == MessageDirection.Inbound, ct)
            ? "only if no reply yet, and the candidate has written back" : null,
        StepCondition.OnlyIfHasEmail => string.IsNullOrWhiteSpace(w.Candidate.Email) ? "only if the candidate has an email address" : null,
        StepCondition.OnlyIfHasPhone => string.IsNullOrWhiteSpace(w.Candidate.Phone) ? "only if the candidate has a phone number" : null,
    };

    /// <summary>Why this step's channel cannot reach the candidate (the next step may use another channel).</summary>
    private static async Task<string?> ContactProblemAsync(SamsaraDbContext db, Work w, CancellationToken ct)
    {
        var c = w.Candidate;
        switch (w.Send.Channel)
        {
            case StepChannel.Sms:
            case StepChannel.AiCall:
                // A number that opted out (in any project) is neither texted nor called.
                if (await ConsentLedger.BlockedReasonAsync(db, c.Phone, ConsentChannel.Phone, ct) is { } phoneBlocked)
                {
                    return phoneBlocked;
                }

                return E164.IsE164(c.Phone) ? null : $"Invalid number: '{c.Phone}' is not in E.164 format (e.g. +447700900123)";
            case StepChannel.Email:
                if (string.IsNullOrWhiteSpace(c.Email))
                {
                    return "No email address";
                }

                if (c.EmailProblem is { } bad)
                {
                    return $"Email address {c.Email} is unusable: {bad}";
                }

                return await ConsentLedger.BlockedReasonAsync(db, c.Email, ConsentChannel.Email, ct);
        }

        return null;
    }

    private async Task<(Message?, RenderedMessage?)> RenderAsync(SamsaraDbContext db, Work w, DateTimeOffset now, CancellationToken ct)
    {
        var (send, _, candidate, project) = w;
        var channel = send.Channel == StepChannel.Email ? MessageChannel.Email : MessageChannel.Sms;
        // The built-in one-step sequence (no template on the step) uses the project's first SMS template.
        var template = send.TemplateId is { } templateId
            ? await db.MessageTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId, ct)
            : await db.MessageTemplates.AsNoTracking()
                .Where(t => t.ProjectId == project.Id && t.Channel == MessageChannel.Sms)
                .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
                .FirstOrDefaultAsync(ct);
        if (template is null || template.Channel != channel)
        {
            await SkipAndAdvanceAsync(db, w, send.TemplateId is null ? "The project has no SMS template" : "The step's template was deleted or changed channel", now, ct);
            return (null, null);
        }

        var job = await db.JobDescriptions.AsNoTracking().Where(j => j.ProjectId == project.Id).OrderByDescending(j => j.UpdatedAt).FirstOrDefaultAsync(ct);
        var rendered = await templates.RenderAsync(template, TemplateVariables.For(candidate, project, job, recruiter));
        if (!rendered.CanSend)
        {
            await SkipAndAdvanceAsync(db, w, rendered.BlockedReason ?? "The template could not be rendered", now, ct);
            return (null, null);
        }

        var message = new Message
        {
            Id = Guid.CreateVersion7(now),
            SequenceId = send.SequenceId,
            Channel = channel,
            Direction = MessageDirection.Outbound,
            TemplateId = template.Id,
            Recipient = channel == MessageChannel.Email ? candidate.Email!.Trim() : candidate.Phone!,
            Subject = rendered.Subject,
            Body = rendered.Text!,
            Status = MessageStatus.Queued,
            CreatedAt = now,
        };
        db.Messages.Add(message);
        send.MessageId = message.Id;
        return (message, rendered);
    }

    private TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        var wait = TimeSpan.FromTicks((long)Math.Min(options.Backoff.Ticks * factor, options.MaxBackoff.Ticks));
        return wait;
    }
}
