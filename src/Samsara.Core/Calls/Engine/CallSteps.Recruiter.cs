using Microsoft.EntityFrameworkCore;
using Samsara.Core.Outreach;

namespace Samsara.Core.Calls.Engine;

public sealed partial class CallSteps
{
    /// <summary>
    /// A recruiter call's uploaded recording has its transcript (or transcription gave up): there is nothing to judge,
    /// so the candidate moves CALL_DONE → TRANSCRIBED when a transcript was stored, and the recruiter marks them ready.
    /// </summary>
    private static async Task RecruiterTranscribedAsync(CallWork w, CancellationToken ct)
    {
        var call = w.Call;
        call.Stage = CallStage.Done;
        call.DueAt = null;
        if (!await w.Db.Transcripts.AnyAsync(t => t.CallRecordId == call.Id, ct))
        {
            return;
        }

        call.Detail = null;
        await using var tx = await w.Db.Database.BeginTransactionAsync(ct);
        // The recruiter may have marked the candidate ready with notes meanwhile; then the transcript is kept and nothing moves.
        await OutreachService.MoveInAsync(w.Db, w.Sequence.Id, CandidateState.CallDone, CandidateState.Transcribed, "Call recording transcribed", Actor, w.Now, ct);
        await w.Db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
