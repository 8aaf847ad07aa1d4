namespace Samsara.Core.Outreach.Engine;

/// <summary>State moves of many enrolments in one compare-and-set statement; only rows still in the first state move.</summary>
internal static class SequenceMoves
{
    /// <param name="path">The states walked, first to last (each step a legal move); the rows end in the last.</param>
    /// <returns>The enrolments that moved (their events are the caller's to write, for exactly these).</returns>
    public static Task<List<Guid>> MoveManyAsync(
        Data.SamsaraDbContext db, IReadOnlyCollection<Guid> sequenceIds, DateTimeOffset now, CancellationToken ct, params CandidateState[] path)
    {
        for (var i = 1; i < path.Length; i++)
        {
            if (!CandidateStateMachine.CanMove(path[i - 1], path[i]))
            {
                throw new InvalidOperationException(TransitionResult.Illegal(path[i - 1], path[i]).Describe());
            }
        }

        var (from, to) = (path[0], path[^1]);
        var completed = CandidateStateMachine.IsActive(to) ? "NULL" : "@now";
        return SetStatements.QueryIdsAsync(db, $"""
            UPDATE outreach_sequences SET status = '{to}', state_changed_at = @now, updated_at = @now, completed_at = {completed}
            WHERE id IN ({SetStatements.Ids}) AND status = '{from}'
            RETURNING id
            """, sequenceIds, [("now", SetStatements.Time(db, now))], ct);
    }
}
