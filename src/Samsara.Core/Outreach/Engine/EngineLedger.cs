using Samsara.Core.Data;

namespace Samsara.Core.Outreach.Engine;

internal static class EngineLedger
{
    public const string Actor = "engine";

    public static void Add(SamsaraDbContext db, Guid projectId, Guid sequenceId, int? step, LedgerKind kind, string detail, DateTimeOffset at) =>
        db.OutreachLedger.Add(new LedgerEntry
        {
            Id = Guid.CreateVersion7(at),
            ProjectId = projectId,
            SequenceId = sequenceId,
            StepIndex = step,
            Kind = kind,
            Detail = detail.Length > 1000 ? detail[..1000] : detail,
            OccurredAt = at,
        });

    /// <summary>A state move's event row, written by the engine.</summary>
    public static OutreachEvent Event(Guid sequenceId, CandidateState from, CandidateState to, string reason, DateTimeOffset at) =>
        OutreachService.NewEvent(sequenceId, from, to, reason, Actor, at);
}
