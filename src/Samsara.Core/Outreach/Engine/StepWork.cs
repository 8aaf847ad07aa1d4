using Microsoft.EntityFrameworkCore;
using Samsara.Core.Candidates;
using Samsara.Core.Data;
using Samsara.Core.Projects;

namespace Samsara.Core.Outreach.Engine;

/// <summary>Everything one claimed step needs, loaded once: the outbox row (tracked), its enrolment, candidate, project and earlier message.</summary>
internal sealed record StepWork(OutreachSend Send, OutreachSequence Sequence, Candidate Candidate, Project Project, Message? Message);

internal static class StepWorkLoader
{
    /// <summary>
    /// The claimed sends of <paramref name="sendIds"/> this node still holds, with what deciding and rendering them needs,
    /// in a handful of queries whatever the batch size (the sends and earlier messages tracked, the rest read-only).
    /// </summary>
    public static async Task<List<StepWork>> LoadAsync(SamsaraDbContext db, IReadOnlyCollection<Guid> sendIds, string node, CancellationToken ct)
    {
        var ids = sendIds.ToList();
        var sends = await db.OutreachSends.Where(s => ids.Contains(s.Id) && s.Status == SendStatus.Claimed && s.ClaimedBy == node).ToListAsync(ct);
        if (sends.Count == 0)
        {
            return [];
        }

        var sequenceIds = sends.Select(s => s.SequenceId).Distinct().ToList();
        var sequences = await db.OutreachSequences.AsNoTracking().Where(s => sequenceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var candidateIds = sequences.Values.Select(s => s.CandidateId).Distinct().ToList();
        var candidates = await db.Candidates.AsNoTracking().Where(c => candidateIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var projectIds = sequences.Values.Select(s => s.ProjectId).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var messageIds = sends.Where(s => s.MessageId != null).Select(s => s.MessageId!.Value).ToList();
        var messages = messageIds.Count == 0 ? [] : await db.Messages.Where(m => messageIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);

        return [.. sends.OrderBy(s => s.DueAt).Select(send =>
        {
            var sequence = sequences[send.SequenceId];
            return new StepWork(send, sequence, candidates[sequence.CandidateId], projects[sequence.ProjectId],
                send.MessageId is { } m ? messages.GetValueOrDefault(m) : null);
        })];
    }
}
