using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine.Pacing;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// Takes claimed steps to their end or to their next try: gates (stopped, opted out, state, paused, condition, contact
/// and consent, quiet hours), render, pacing, Message rows and attempt marks committed before the requests, sends on
/// the step's channel, outcomes recorded with the candidate's move and the next step queued in the same transaction.
/// A batch is worked together (a few queries to load and decide it, one commit before its requests, one for what they
/// sent); each step still gets exactly what it would alone, and every write is guarded by the claim.
/// </summary>
internal sealed partial class StepProcessor(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    TwilioSmsClient twilio,
    IOutreachEmailSender email,
    TemplateService templates,
    RecruiterProfile recruiter,
    OutreachEngineOptions options,
    TimeSpan requestTimeout,
    TimeProvider clock)
{
    private string Node => options.NodeId;

    /// <summary>A request that left, and what came back.</summary>
    private sealed record Attempted(StepPlan Plan, IStepChannel Channel, ProviderResult<string> Result);

    /// <returns>The projects touched, for the change feed.</returns>
    public async Task<IReadOnlyCollection<Guid>> ProcessBatchAsync(IReadOnlyCollection<Guid> sendIds, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var works = await StepWorkLoader.LoadAsync(db, sendIds, Node, ct);
        var touched = new ConcurrentBag<Guid>();

        // An earlier attempt to reconcile, or an AI call to hand over, is rare and talks to the provider or moves state
        // on its own: each goes its own way, as if alone.
        var alone = works.Where(w => w.Send.AttemptedAt is not null || w.Send.Channel == StepChannel.AiCall).ToList();
        await Parallel.ForEachAsync(alone, Parallelism(ct), async (w, token) =>
        {
            if (await ProcessAsync(w.Send.Id, now, token) is { } project)
            {
                touched.Add(project);
            }
        });

        foreach (var project in await RunAsync(db, [.. works.Except(alone)], now, ct))
        {
            touched.Add(project);
        }

        return [.. touched.Distinct()];
    }

    /// <returns>The project touched, for the change feed; null when the claim was lost.</returns>
    public async Task<Guid?> ProcessAsync(Guid sendId, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if ((await StepWorkLoader.LoadAsync(db, [sendId], Node, ct)).SingleOrDefault() is not { } work)
        {
            return null;
        }

        var (send, message) = (work.Send, work.Message);
        var channel = ChannelFor(work);

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
                await RecordSentAsync(db, [new Sent(work, message, found, channel.Carrier, "Found at the provider after an unknown outcome; not sent again")], now, ct);
                return send.ProjectId;
            }

            EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, LedgerKind.Reconciled, $"Earlier attempt never reached the {channel.Name} provider; safe to send", now);
            send.AttemptedAt = null;
        }

        if (channel is null)
        {
            var facts = await StepFacts.LoadAsync(db, [work], ct);
            if (StepGate.Check(work, facts, options, now) is { } plan)
            {
                await CommitPlansAsync(db, [plan], now, ct);
            }
            else
            {
                await HandOverToAiCallAsync(db, work, now, ct);
            }

            return send.ProjectId;
        }

        return (await RunAsync(db, [work], now, ct)).Count > 0 ? send.ProjectId : null;
    }

    /// <summary>Decides, commits, sends and records a set of message steps loaded in <paramref name="db"/>.</summary>
    private async Task<IReadOnlyCollection<Guid>> RunAsync(SamsaraDbContext db, IReadOnlyList<StepWork> works, DateTimeOffset now, CancellationToken ct)
    {
        if (works.Count == 0)
        {
            return [];
        }

        var facts = await StepFacts.LoadAsync(db, works, ct);
        var plans = new List<StepPlan>(works.Count);
        foreach (var w in works)
        {
            plans.Add(StepGate.Check(w, facts, options, now) ?? await PrepareAsync(w, facts, now, ct));
        }

        // The Message rows and attempt marks are durable before any request leaves, so a crash during a request is
        // found by the next claim and reconciled instead of blindly sent again.
        var (owned, leaseUntil) = await CommitPlansAsync(db, plans, now, ct);
        var attempts = plans.Where(p => p.Kind == PlanKind.Attempt && owned.Contains(p.Work.Send.Id)).ToList();
        using var keeper = new LeaseKeeper(dbFactory, Node, options.Lease, requestTimeout, clock, attempts.Select(p => p.Work.Send.Id), leaseUntil - options.Lease);
        var results = new ConcurrentBag<Attempted>();
        try
        {
            await Parallel.ForEachAsync(attempts, Parallelism(ct), async (plan, token) =>
            {
                // A claim lost meanwhile is not sent: its new holder finds the attempt mark and reconciles first.
                if (await keeper.HoldsAsync(plan.Work.Send.Id, token))
                {
                    var channel = ChannelFor(plan.Work)!;
                    results.Add(new Attempted(plan, channel, await SendOneAsync(channel, plan, token)));
                }
            });
        }
        finally
        {
            // What went out is recorded even when the pass stops midway (shutdown, a failing lease renewal): an email
            // left unrecorded cannot be looked up at the provider, so it would go a second time.
            await RecordResultsAsync(db, [.. results], now, CancellationToken.None);
        }

        return [.. plans.Where(p => owned.Contains(p.Work.Send.Id)).Select(p => p.Work.Send.ProjectId).Distinct()];
    }

    /// <summary>One request; a failure the channel did not classify is an unknown outcome, so the others of the batch go on.</summary>
    private static async Task<ProviderResult<string>> SendOneAsync(IStepChannel channel, StepPlan plan, CancellationToken ct)
    {
        try
        {
            return await channel.SendAsync(plan.Work.Message!, plan.Rendered, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return ProviderResult<string>.Fail(new ProviderFailure(ProviderOutcome.UnknownOutcome, $"Unexpected error while sending ({e.GetType().Name}: {e.Message})"));
        }
    }

    /// <summary>Renders the step's message (unless an earlier pass did) and asks pacing whether its sender has room now.</summary>
    private async Task<StepPlan> PrepareAsync(StepWork w, StepFacts facts, DateTimeOffset now, CancellationToken ct)
    {
        RenderedMessage? rendered = null;
        if (w.Message is null)
        {
            var template = facts.TemplateFor(w);
            var channel = w.Send.Channel == StepChannel.Email ? MessageChannel.Email : MessageChannel.Sms;
            if (template is null || template.Channel != channel)
            {
                return new StepPlan(w, PlanKind.SkipAndAdvance, w.Send.TemplateId is null ? "No SMS template: the project has none and there is no global one" : "The step's template was deleted or changed channel");
            }

            rendered = await templates.RenderAsync(template, TemplateVariables.For(w.Candidate, w.Project, facts.JobFor(w.Project.Id), recruiter));
            if (!rendered.CanSend)
            {
                return new StepPlan(w, PlanKind.SkipAndAdvance, rendered.BlockedReason ?? "The template could not be rendered");
            }

            w = w with { Message = NewMessage(w, template, channel, rendered, now) };
        }

        // Pacing also notes the sender on the send (written with the plan), so daily counts can be rebuilt per sender.
        StepPlan? held = null;
        var sending = ChannelFor(w)!;
        await new SendPacing(dbFactory, options.Pacing).HoldAsync(w.Send, w.Message!, w.Project, sending.Provider, await sending.SenderAsync(ct), now,
            (until, why, ledger) =>
            {
                held = new StepPlan(w, PlanKind.Wait, why, Until: until, Ledger: ledger, Rendered: rendered);
                return Task.CompletedTask;
            }, ct);
        return held ?? new StepPlan(w, PlanKind.Attempt, Rendered: rendered);
    }

    private static Message NewMessage(StepWork w, Templates.MessageTemplate template, MessageChannel channel, RenderedMessage rendered, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SequenceId = w.Send.SequenceId,
        Channel = channel,
        Direction = MessageDirection.Outbound,
        TemplateId = template.Id,
        Recipient = channel == MessageChannel.Email ? w.Candidate.Email!.Trim() : w.Candidate.Phone!,
        Subject = rendered.Subject,
        Body = rendered.Text!,
        Status = MessageStatus.Queued,
        CreatedAt = now,
    };

    private IStepChannel? ChannelFor(StepWork w) => w.Send.Channel switch
    {
        StepChannel.Sms => new SmsStepChannel(twilio),
        StepChannel.Email => new EmailStepChannel(email, w.Candidate.FullName, recruiter.Email),
        StepChannel.AiCall => null,
    };

    private ParallelOptions Parallelism(CancellationToken ct) => new() { MaxDegreeOfParallelism = options.SendConcurrency, CancellationToken = ct };

    private TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        return TimeSpan.FromTicks((long)Math.Min(options.Backoff.Ticks * factor, options.MaxBackoff.Ticks));
    }
}
