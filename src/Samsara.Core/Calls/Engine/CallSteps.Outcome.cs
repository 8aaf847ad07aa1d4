using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach;

namespace Samsara.Core.Calls.Engine;

public sealed partial class CallSteps
{
    /// <summary>Judges the call and moves the candidate: SCREENED → PASS → SCHEDULING, or → FAIL → REJECTED; unclear waits for the recruiter.</summary>
    private async Task JudgeAsync(CallWork w, CancellationToken ct)
    {
        var call = w.Call;
        var settings = await ScreeningSettingsService.LoadAsync(w.Db, w.Sequence.ProjectId, ct) ?? ScreeningSettings.Default(w.Sequence.ProjectId);
        var transcript = await w.Db.Transcripts.AsNoTracking().Where(t => t.CallRecordId == call.Id).OrderBy(t => t.CreatedAt).FirstOrDefaultAsync(ct);
        var verdict = ScreeningJudge.Judge(settings.Questions(), CallTurns.FromJson(transcript?.SegmentsJson), call.ProviderPassed, O.MinConfidence);
        call.ScreeningOutcome = verdict.Outcome;
        call.ScreeningConfidence = verdict.Confidence;
        call.VerdictJson = verdict.ToJson();
        call.Stage = CallStage.Done;
        call.DueAt = null;

        await using var tx = await w.Db.Database.BeginTransactionAsync(ct);
        var summary = $"AI screening call: {verdict.Outcome.ToString().ToLowerInvariant()} ({verdict.Confidence:P0}). {(verdict.Reasons.Count > 0 ? verdict.Reasons[0] : "")}";
        if (await OutreachService.MoveInAsync(w.Db, w.Sequence.Id, CandidateState.AiCalling, CandidateState.Screened, summary, Actor, w.Now, ct))
        {
            await MoveOnAsync(w.Db, w.Sequence.Id, verdict.Outcome, "AI screening", Actor, w.Now, ct);
        }

        await w.Db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>From SCREENED: pass → PASS → SCHEDULING, fail → FAIL → REJECTED, unclear stays for the recruiter.</summary>
    internal static async Task MoveOnAsync(SamsaraDbContext db, Guid sequenceId, ScreeningOutcome outcome, string why, string actor, DateTimeOffset now, CancellationToken ct)
    {
        switch (outcome)
        {
            case ScreeningOutcome.Pass:
                if (await OutreachService.MoveInAsync(db, sequenceId, CandidateState.Screened, CandidateState.Pass, $"{why}: passed", actor, now, ct))
                {
                    await OutreachService.MoveInAsync(db, sequenceId, CandidateState.Pass, CandidateState.Scheduling, "Passed screening: schedule a call", actor, now, ct);
                }

                break;
            case ScreeningOutcome.Fail:
                if (await OutreachService.MoveInAsync(db, sequenceId, CandidateState.Screened, CandidateState.Fail, $"{why}: failed", actor, now, ct))
                {
                    await OutreachService.MoveInAsync(db, sequenceId, CandidateState.Fail, CandidateState.Rejected, "Failed screening", actor, now, ct);
                }

                break;
            case ScreeningOutcome.Unclear:
                break;
        }
    }
}
