using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine;

namespace Samsara.Core.Outreach.Sequences;

public enum StepProgressStatus
{
    /// <summary>In the definition, not queued yet (it is queued when the step before it is done).</summary>
    Planned,
    Queued,
    Sent,
    Skipped,
    Failed,
}

/// <summary>One step of a candidate's sequence as the timeline shows it.</summary>
public sealed record StepProgress(int Index, StepChannel Channel, StepProgressStatus Status, DateTimeOffset? At, string? Reason);

/// <summary>Where a candidate is in their sequence: the steps queued or done (from the outbox) and those still to come.</summary>
public sealed class SequenceProgress(IDbContextFactory<SamsaraDbContext> dbFactory)
{
    public async Task<IReadOnlyList<StepProgress>?> ForCandidateAsync(Guid projectId, Guid candidateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sequence = await db.OutreachSequences.AsNoTracking().SingleOrDefaultAsync(s => s.ProjectId == projectId && s.CandidateId == candidateId, ct);
        if (sequence is null)
        {
            return null;
        }

        var sends = await db.OutreachSends.AsNoTracking().Where(s => s.SequenceId == sequence.Id).ToListAsync(ct);
        var rows = sends.OrderBy(s => s.StepIndex).Select(s => new StepProgress(s.StepIndex, s.Channel, Status(s.Status), s.SentAt ?? s.DueAt, s.Reason)).ToList();
        var last = sends.Count == 0 ? -1 : sends.Max(s => s.StepIndex);
        // Steps still to come matter only while the sequence runs: nobody answered, opted out or stopped it.
        var open = sequence.Status is CandidateState.Pending or CandidateState.OutreachSent or CandidateState.AwaitingReply && sequence.StoppedAt is null;
        if (sequence.DefinitionId is { } definitionId && open)
        {
            var had = sends.Where(s => s.StepId != null).Select(s => s.StepId!.Value).ToHashSet();
            var upcoming = await db.SequenceSteps.AsNoTracking().Where(s => s.DefinitionId == definitionId && s.Index > last).OrderBy(s => s.Index).ToListAsync(ct);
            rows.AddRange(upcoming.Where(s => !had.Contains(s.Id)).Select(s => new StepProgress(s.Index, s.Channel, StepProgressStatus.Planned, null, $"{Delay(s.DelayMinutes)} after the previous step")));
        }

        return rows;
    }

    public static string Delay(int minutes) => minutes switch
    {
        0 => "right",
        _ when minutes % 1440 == 0 => minutes == 1440 ? "1 day" : $"{minutes / 1440} days",
        _ when minutes % 60 == 0 => minutes == 60 ? "1 hour" : $"{minutes / 60} hours",
        _ => minutes == 1 ? "1 minute" : $"{minutes} minutes",
    };

    private static StepProgressStatus Status(SendStatus status) => status switch
    {
        SendStatus.Pending or SendStatus.Claimed or SendStatus.UnknownOutcome => StepProgressStatus.Queued,
        SendStatus.Sent => StepProgressStatus.Sent,
        SendStatus.Skipped => StepProgressStatus.Skipped,
        SendStatus.Failed => StepProgressStatus.Failed,
    };
}
