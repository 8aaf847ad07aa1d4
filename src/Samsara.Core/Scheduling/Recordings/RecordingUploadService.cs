using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samsara.Audio;
using Samsara.Core.Calls;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Outreach;

namespace Samsara.Core.Scheduling.Recordings;

public enum UploadOutcome
{
    /// <summary>Stored; the call engine transcribes it next.</summary>
    Accepted,
    NotFound,

    /// <summary>The call is not done, the candidate is not CALL_DONE, or a recording is already being transcribed or was.</summary>
    WrongState,
    Empty,
    TooLarge,
    WrongType,
    Corrupt,
}

public sealed record UploadResult(UploadOutcome Outcome, string Message, TimeSpan? Duration = null);

/// <summary>
/// Takes the recording of a recruiter call the recruiter uploads. The bytes go straight to a file in the data folder
/// (never all in memory), counted as they come so an oversized upload stops at the limit; the content, not the name,
/// says what it is, and its length comes from its header. A usable recording becomes a call row of type Recruiter
/// with the recruiter call's own id, at the Transcript stage, so the call engine transcribes it with the configured
/// provider exactly as it does an AI call's recording; the transcript then moves the candidate CALL_DONE → TRANSCRIBED.
/// Anything refused leaves the call, the candidate and the data folder as they were.
/// </summary>
public sealed class RecordingUploadService(
    IDbContextFactory<SamsaraDbContext> dbFactory, IOptions<RecordingOptions> options, IOptions<SamsaraOptions> samsara, TimeProvider clock, ChangeFeed changes)
{
    public long MaxBytes => options.Value.MaxBytes;

    public string MaxSize => options.Value.MaxSize;

    /// <param name="declaredBytes">The length the sender announced, if any: too large is refused before reading a byte.</param>
    public async Task<UploadResult> UploadAsync(Guid callId, Stream content, long? declaredBytes, CancellationToken ct = default)
    {
        if (declaredBytes > MaxBytes)
        {
            return TooLarge();
        }

        var before = await CheckAsync(callId, ct);
        if (before is not null)
        {
            return before;
        }

        var folder = Path.Combine(samsara.Value.ResolveDataDirectory(), "recordings");
        Directory.CreateDirectory(folder);
        var upload = Guid.CreateVersion7(clock.GetUtcNow());
        var partial = Path.Combine(folder, $"{callId:N}-{upload:N}.upload");
        string? kept = null;
        try
        {
            var written = await CopyAsync(content, partial, ct);
            if (written > MaxBytes)
            {
                return TooLarge();
            }

            if (written == 0)
            {
                return new(UploadOutcome.Empty, "The file is empty. Upload the call's recording (WAV, MP3, M4A or OGG/Opus).");
            }

            var facts = AudioProbe.Read(partial);
            if (!facts.Usable)
            {
                return new(facts.Problem == AudioProblem.WrongType ? UploadOutcome.WrongType : UploadOutcome.Corrupt, facts.Detail!);
            }

            var relative = Path.Combine("recordings", $"{callId:N}-{upload:N}.{facts.Extension}");
            kept = Path.Combine(samsara.Value.ResolveDataDirectory(), relative);
            File.Move(partial, kept);
            var (result, replaced) = await StoreAsync(callId, relative, written, facts, ct);
            if (result.Outcome == UploadOutcome.Accepted)
            {
                kept = null;
                if (replaced is not null)
                {
                    TryDelete(Path.Combine(samsara.Value.ResolveDataDirectory(), replaced));
                }
            }

            return result;
        }
        finally
        {
            TryDelete(partial);
            if (kept is not null)
            {
                TryDelete(kept);
            }
        }
    }

    /// <summary>Copies until the end or one chunk past the limit (then the caller refuses it; the rest is never read).</summary>
    private async Task<long> CopyAsync(Stream content, string path, CancellationToken ct)
    {
        var max = MaxBytes;
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 81_920, useAsync: true);
        var buffer = new byte[81_920];
        long written = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0 && written <= max)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
            written += read;
        }

        return written;
    }

    /// <summary>Why the call cannot take a recording now, or null when it can.</summary>
    private async Task<UploadResult?> CheckAsync(Guid callId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var call = await db.RecruiterCalls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null)
        {
            return new(UploadOutcome.NotFound, "No such recruiter call.");
        }

        var state = await db.OutreachSequences.Where(s => s.Id == call.SequenceId).Select(s => s.Status).SingleAsync(ct);
        var existing = await db.CallRecords.AsNoTracking().Where(c => c.Id == callId).Select(c => new { c.Stage }).SingleOrDefaultAsync(ct);
        var transcribed = await db.Transcripts.AnyAsync(t => t.CallRecordId == callId, ct);
        return Refusal(call.Status, state, existing?.Stage, transcribed);
    }

    private static UploadResult? Refusal(RecruiterCallStatus status, CandidateState state, CallStage? stage, bool transcribed)
    {
        if (transcribed)
        {
            return new(UploadOutcome.WrongState, "This call's recording is already transcribed.");
        }

        if (stage is { } s && s != CallStage.Done)
        {
            return new(UploadOutcome.WrongState, "This call's recording is being transcribed; wait for it to finish.");
        }

        return status != RecruiterCallStatus.Done || state != CandidateState.CallDone
            ? new(UploadOutcome.WrongState, status == RecruiterCallStatus.Done
                ? $"The candidate is {state}, not CALL_DONE: a recording can be added only before they move on."
                : $"Mark the call done first; it is {status.ToString().ToLowerInvariant()}.")
            : null;
    }

    /// <returns>The result, and the replaced recording's relative path when an untranscribed one was replaced.</returns>
    private async Task<(UploadResult Result, string? Replaced)> StoreAsync(Guid callId, string relative, long bytes, AudioFacts facts, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var call = await db.RecruiterCalls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null)
        {
            return (new(UploadOutcome.NotFound, "No such recruiter call."), null);
        }

        var state = await db.OutreachSequences.Where(s => s.Id == call.SequenceId).Select(s => s.Status).SingleAsync(ct);
        var row = await db.CallRecords.SingleOrDefaultAsync(c => c.Id == callId, ct);
        var transcribed = await db.Transcripts.AnyAsync(t => t.CallRecordId == callId, ct);
        if (Refusal(call.Status, state, row?.Stage, transcribed) is { } refused)
        {
            return (refused, null);
        }

        var now = clock.GetUtcNow();
        var replaced = row?.RecordingPath;
        if (row is null)
        {
            var phone = await db.Candidates.Where(c => c.Id == call.CandidateId).Select(c => c.Phone).SingleOrDefaultAsync(ct);
            var attempt = await db.CallRecords.Where(c => c.SequenceId == call.SequenceId && c.CallType == CallType.Recruiter).MaxAsync(c => (int?)c.Attempt, ct) ?? 0;
            row = new CallRecord
            {
                // The recruiter call's own id: one recording per call, found from either side without another column.
                Id = call.Id,
                SequenceId = call.SequenceId,
                CallType = CallType.Recruiter,
                PhoneNumber = phone ?? "",
                Attempt = attempt + 1,
                ScheduledFor = call.StartsAt,
                CreatedAt = now,
            };
            db.CallRecords.Add(row);
        }

        row.Status = CallStatus.Completed;
        row.Stage = CallStage.Transcript;
        row.DueAt = now;
        row.StageFailures = 0;
        row.TranscriptionJobId = null;
        row.StartedAt = call.StartsAt;
        row.EndedAt = call.StartsAt + facts.Duration;
        row.DurationSeconds = (int)Math.Round(facts.Duration.TotalSeconds);
        row.RecordingPath = relative;
        row.RecordingBytes = bytes;
        row.RecordingFormat = facts.ContentType;
        row.Detail = "Recording uploaded; transcribing it.";
        row.UpdatedAt = now;
        db.OutreachEvents.Add(OutreachService.NewEvent(call.SequenceId, state, state,
            $"Call recording uploaded ({facts.Kind}, {Length(facts.Duration)}); transcribing it", "recruiter", now));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another upload of the same call got in first (same primary key).
            return (new(UploadOutcome.WrongState, "Another recording of this call was uploaded a moment ago; reload to see it."), null);
        }

        changes.Publish(call.ProjectId, "calls");
        changes.Publish(call.ProjectId, "outreach");
        return (new(UploadOutcome.Accepted, $"Recording uploaded ({Length(facts.Duration)}); it is being transcribed.", facts.Duration), replaced);
    }

    private UploadResult TooLarge() => new(UploadOutcome.TooLarge, $"The recording is larger than {MaxSize}, the most Samsara accepts. Upload a shorter or more compressed file.");

    /// <summary>m:ss (h:mm:ss from an hour), rounded to the second as the call's stored duration is.</summary>
    internal static string Length(TimeSpan length)
    {
        var t = TimeSpan.FromSeconds(Math.Round(length.TotalSeconds));
        return t >= TimeSpan.FromHours(1) ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes}:{t.Seconds:00}";
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A file still open elsewhere is left; it is a stray upload, not data anything points at.
        }
    }
}
