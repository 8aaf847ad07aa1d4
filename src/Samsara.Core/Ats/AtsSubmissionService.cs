using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Ats.Mapping;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Outreach;

namespace Samsara.Core.Ats;

public enum FieldFillStatus
{
    Filled,
    NotFound,
    Rejected,
}

/// <summary>What the page kept of one field, as the extension read it back.</summary>
public sealed record FieldFillResult(string Field, FieldFillStatus Status, string? Reason = null, string? ReadBack = null);

public sealed record SubmissionView(
    Guid Id, Guid CandidateId, AtsVendor Vendor, Guid? MappingId, AtsSubmissionStatus Status, IReadOnlyDictionary<string, string> Values,
    IReadOnlyList<FieldFillResult> Results, string? RecordUrl, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt);

public enum StartOutcome
{
    Started,
    NotFound,
    NotEnrolled,

    /// <summary>The candidate is already in the ATS; the caller must confirm a second submission.</summary>
    AlreadySubmitted,
}

public sealed record StartResult(StartOutcome Outcome, SubmissionView? Submission, IReadOnlyList<FieldValue> Preview, string? Message = null);

/// <summary>
/// Attempts to put a candidate into an ATS: each fill request is a row in <c>ats_submissions</c> with the values
/// sent, what the page kept and, once the recruiter saves, the record's address; that save moves
/// ATS_READY → ATS_SUBMITTED.
/// </summary>
public sealed class AtsSubmissionService(IDbContextFactory<SamsaraDbContext> dbFactory, TimeProvider clock, AtsMappingService mappings, OutreachService outreach, ChangeFeed changes)
{
    private static readonly JsonSerializerOptions Json = FieldMap.Json;

    /// <summary>Values for a candidate under a mapping (the vendor's default when none is given), for the editor and the bridge.</summary>
    public async Task<(AtsMappingView Mapping, IReadOnlyList<FieldValue> Values)?> PreviewAsync(Guid projectId, Guid candidateId, Guid? mappingId, AtsVendor vendor, CancellationToken ct = default)
    {
        var mapping = mappingId is { } id ? await mappings.GetAsync(id, ct) : await mappings.DefaultForAsync(vendor, ct);
        var sources = await SourcesAsync(projectId, candidateId, ct);
        return mapping is null || sources is null ? null : (mapping, AtsMappingService.Preview(mapping.Fields, sources));
    }

    public async Task<CandidateSources?> SourcesAsync(Guid projectId, Guid candidateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidate = await db.Candidates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == candidateId && c.ProjectId == projectId, ct);
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, ct);
        if (candidate is null || project is null)
        {
            return null;
        }

        var sequence = await db.OutreachSequences.AsNoTracking().SingleOrDefaultAsync(s => s.CandidateId == candidateId && s.ProjectId == projectId, ct);
        return CandidateSources.For(candidate, project, sequence, clock.GetUtcNow());
    }

    public async Task<StartResult> StartAsync(Guid projectId, Guid candidateId, Guid? mappingId, bool confirmSecond, CancellationToken ct = default)
    {
        var mapping = mappingId is { } id ? await mappings.GetAsync(id, ct) : await mappings.DefaultForAsync(AtsVendor.Generic, ct);
        var sources = await SourcesAsync(projectId, candidateId, ct);
        if (mapping is null || sources is null)
        {
            return new(StartOutcome.NotFound, null, []);
        }

        var values = AtsMappingService.Preview(mapping.Fields, sources);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sequence = await db.OutreachSequences.AsNoTracking().SingleOrDefaultAsync(s => s.CandidateId == candidateId && s.ProjectId == projectId, ct);
        if (sequence is null)
        {
            return new(StartOutcome.NotEnrolled, null, values, "Enrol the candidate in outreach first: the ATS step follows screening.");
        }

        var earlier = await db.AtsSubmissions.AsNoTracking().Where(s => s.SequenceId == sequence.Id && s.Status == AtsSubmissionStatus.Completed).ToListAsync(ct);
        if (earlier.Count > 0 && !confirmSecond)
        {
            var last = earlier.OrderByDescending(s => s.SubmittedAt).First();
            return new(StartOutcome.AlreadySubmitted, null, values, $"Already submitted to {last.AtsVendor} ({last.RecordUrl}). Submit again?");
        }

        var now = clock.GetUtcNow();
        var submission = new AtsSubmission
        {
            Id = Guid.CreateVersion7(now),
            SequenceId = sequence.Id,
            AtsVendor = mapping.Vendor.ToString(),
            FieldMappingId = mapping.Id,
            Status = AtsSubmissionStatus.Pending,
            SubmittedDataJson = JsonSerializer.Serialize(values.Where(v => v.Value is not null).ToDictionary(v => v.Field, v => v.Value!), Json),
            CreatedAt = now,
        };
        db.AtsSubmissions.Add(submission);
        await db.SaveChangesAsync(ct);
        changes.Publish(projectId, "ats");
        return new(StartOutcome.Started, View(submission, candidateId), values);
    }

    /// <summary>
    /// Takes a pending fill for one extension: only one node (and one socket) wins, so a fill requested on one
    /// node is never typed into two recruiters' tabs when several nodes hold an extension.
    /// </summary>
    public async Task<bool> ClaimAsync(Guid submissionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AtsSubmissions
            .Where(s => s.Id == submissionId && s.Status == AtsSubmissionStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, AtsSubmissionStatus.InProgress), ct) == 1;
    }

    public async Task<SubmissionView?> RecordFillAsync(Guid submissionId, IReadOnlyList<FieldFillResult> results, string? error, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await LoadAsync(db, submissionId, ct);
        if (found is not var (submission, sequence))
        {
            return null;
        }

        if (submission.Status != AtsSubmissionStatus.Completed)
        {
            submission.Status = error is null ? AtsSubmissionStatus.InProgress : AtsSubmissionStatus.Failed;
        }

        submission.FieldResultsJson = JsonSerializer.Serialize(results.Take(AtsMappingService.MaxFields * 2).Select(Clip), Json);
        submission.ErrorDetail = Clip(error, 1000);
        await db.SaveChangesAsync(ct);
        changes.Publish(sequence.ProjectId, "ats");
        return View(submission, sequence.CandidateId);
    }

    /// <summary>The recruiter saved in the ATS: keeps the record's address and moves the candidate to ATS_SUBMITTED.</summary>
    public async Task<SubmissionView?> ConfirmAsync(Guid submissionId, string? recordUrl, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(recordUrl) || recordUrl.Length > 2000)
        {
            throw new InputValidationException(new Dictionary<string, string[]> { ["recordUrl"] = ["The saved record's address or id is missing or too long."] });
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await LoadAsync(db, submissionId, ct);
        if (found is not var (submission, sequence))
        {
            return null;
        }

        submission.Status = AtsSubmissionStatus.Completed;
        submission.RecordUrl = recordUrl.Trim();
        submission.SubmittedAt = clock.GetUtcNow();
        submission.ErrorDetail = null;
        await db.SaveChangesAsync(ct);
        if (sequence.Status == CandidateState.AtsReady)
        {
            await outreach.TransitionAsync(sequence.ProjectId, sequence.CandidateId, CandidateState.AtsSubmitted,
                $"Saved in {submission.AtsVendor}: {submission.RecordUrl}", "ats-bridge", ct);
        }

        changes.Publish(sequence.ProjectId, "ats");
        return View(submission, sequence.CandidateId);
    }

    public async Task<IReadOnlyList<SubmissionView>> ListAsync(Guid projectId, Guid candidateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.AtsSubmissions.AsNoTracking()
            .Where(s => db.OutreachSequences.Any(q => q.Id == s.SequenceId && q.ProjectId == projectId && q.CandidateId == candidateId))
            .ToListAsync(ct);
        return [.. rows.OrderByDescending(s => s.CreatedAt).Select(s => View(s, candidateId))];
    }

    public async Task<SubmissionView?> GetAsync(Guid submissionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LoadAsync(db, submissionId, ct) is var (s, q) ? View(s, q.CandidateId) : null;
    }

    public Task<AtsMappingView?> MappingAsync(Guid mappingId, CancellationToken ct = default) => mappings.GetAsync(mappingId, ct);

    public async Task<string?> CandidateNameAsync(Guid candidateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Candidates.Where(c => c.Id == candidateId).Select(c => c.FullName).SingleOrDefaultAsync(ct);
    }

    private static async Task<(AtsSubmission, OutreachSequence)?> LoadAsync(SamsaraDbContext db, Guid submissionId, CancellationToken ct)
    {
        var submission = await db.AtsSubmissions.SingleOrDefaultAsync(s => s.Id == submissionId, ct);
        if (submission is null)
        {
            return null;
        }

        var sequence = await db.OutreachSequences.AsNoTracking().SingleAsync(s => s.Id == submission.SequenceId, ct);
        return (submission, sequence);
    }

    private static FieldFillResult Clip(FieldFillResult r) => r with { Field = Clip(r.Field, 100)!, Reason = Clip(r.Reason, 300), ReadBack = Clip(r.ReadBack, 2000) };

    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private static SubmissionView View(AtsSubmission s, Guid candidateId) => new(
        s.Id, candidateId, Enum.Parse<AtsVendor>(s.AtsVendor), s.FieldMappingId, s.Status,
        s.SubmittedDataJson is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(s.SubmittedDataJson, Json)!,
        s.FieldResultsJson is null ? [] : JsonSerializer.Deserialize<List<FieldFillResult>>(s.FieldResultsJson, Json)!,
        s.RecordUrl, s.ErrorDetail, s.CreatedAt, s.SubmittedAt);
}
