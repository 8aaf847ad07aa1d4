using Microsoft.EntityFrameworkCore;
using Samsara.Core.Candidates;
using Samsara.Core.Common;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.CvIntake.Import;
using Samsara.Core.Data;
using Samsara.Core.Projects;

namespace Samsara.Core.CvIntake.Duplicates;

public enum DuplicateResolution
{
    Done,
    CandidateNotFound,
    NotADuplicate,

    /// <summary>Both people are already in outreach; merging would have to drop one history, so the recruiter decides by hand.</summary>
    BothInOutreach,
}

/// <summary>
/// What the recruiter does with a candidate the import flagged as a possible duplicate: fold it into the
/// earlier candidate (who keeps their id and outreach history) or keep both as different people.
/// </summary>
public sealed class DuplicateResolver(IDbContextFactory<SamsaraDbContext> dbFactory, ChangeFeed changes, TimeProvider clock)
{
    public async Task<DuplicateResolution> MergeAsync(Guid projectId, Guid duplicateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var duplicate = await db.Candidates.SingleOrDefaultAsync(c => c.ProjectId == projectId && c.Id == duplicateId, ct);
        if (duplicate is null)
        {
            return DuplicateResolution.CandidateNotFound;
        }

        var original = duplicate.DuplicateOfId is { } originalId
            ? await db.Candidates.SingleOrDefaultAsync(c => c.ProjectId == projectId && c.Id == originalId, ct)
            : null;
        if (original is null)
        {
            return DuplicateResolution.NotADuplicate;
        }

        var sequences = await db.OutreachSequences.Where(s => s.CandidateId == original.Id || s.CandidateId == duplicate.Id).ToListAsync(ct);
        if (sequences.Any(s => s.CandidateId == original.Id) && sequences.Any(s => s.CandidateId == duplicate.Id))
        {
            return DuplicateResolution.BothInOutreach;
        }

        foreach (var sequence in sequences.Where(s => s.CandidateId == duplicate.Id))
        {
            sequence.CandidateId = original.Id;
        }

        var now = clock.GetUtcNow();
        Fold(original, duplicate, now);

        // The import report keeps pointing at a candidate that exists.
        await db.Set<CvImportFile>().Where(f => f.CandidateId == duplicate.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.CandidateId, original.Id), ct);
        await db.SaveChangesAsync(ct);
        await db.Candidates.Where(c => c.Id == duplicate.Id).ExecuteDeleteAsync(ct);
        await ProjectService.TouchAsync(db, projectId, now, ct);
        await tx.CommitAsync(ct);
        changes.Publish(projectId, "candidates");
        return DuplicateResolution.Done;
    }

    public async Task<DuplicateResolution> KeepSeparateAsync(Guid projectId, Guid duplicateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidate = await db.Candidates.SingleOrDefaultAsync(c => c.ProjectId == projectId && c.Id == duplicateId, ct);
        if (candidate is null)
        {
            return DuplicateResolution.CandidateNotFound;
        }

        if (candidate.DuplicateOfId is null)
        {
            return DuplicateResolution.NotADuplicate;
        }

        candidate.DuplicateOfId = null;
        await db.SaveChangesAsync(ct);
        changes.Publish(projectId, "candidates");
        return DuplicateResolution.Done;
    }

    /// <summary>
    /// The newer CV becomes the current one (file, text, fields it found); lists are unioned with the original's first,
    /// so the address the candidate was already contacted on stays primary.
    /// </summary>
    internal static void Fold(Candidate original, Candidate newer, DateTimeOffset now)
    {
        var oldCv = CvDocument.FromJson(original.CvJson) ?? new CvDocument();
        var newCv = CvDocument.FromJson(newer.CvJson) ?? new CvDocument();
        var merged = newCv;
        merged.FullName = newCv.FullName ?? oldCv.FullName;
        merged.Emails = Union(Prepend(original.Email, oldCv.Emails), Prepend(newer.Email, newCv.Emails));
        merged.Phones = Union(Prepend(original.Phone, oldCv.Phones), Prepend(newer.Phone, newCv.Phones));
        merged.Skills = Union(oldCv.Skills, newCv.Skills);
        merged.Location = newCv.Location ?? oldCv.Location;
        merged.CurrentTitle = newCv.CurrentTitle ?? oldCv.CurrentTitle;
        merged.YearsExperience = newCv.YearsExperience ?? oldCv.YearsExperience;
        merged.Education = newCv.Education ?? oldCv.Education;
        merged.WorkHistory = newCv.WorkHistory ?? oldCv.WorkHistory;
        merged.LinkedIn = newCv.LinkedIn ?? oldCv.LinkedIn;
        merged.GitHub = newCv.GitHub ?? oldCv.GitHub;

        original.Email = original.Email ?? newer.Email;
        original.Phone = original.Phone ?? newer.Phone;
        original.Location = newer.Location ?? original.Location;
        original.CurrentTitle = newer.CurrentTitle ?? original.CurrentTitle;
        original.YearsExperience = newer.YearsExperience ?? original.YearsExperience;
        original.Notes = string.Join("\n\n", new[] { original.Notes, newer.Notes }.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct()) is { Length: > 0 } notes ? notes : null;
        original.CvJson = merged.ToJson();
        if (newer.StoredFilePath is not null)
        {
            original.RawText = newer.RawText;
            original.OriginalFileName = newer.OriginalFileName;
            original.StoredFilePath = newer.StoredFilePath;
            original.FileSha256 = newer.FileSha256;
        }

        original.Source = original.Source == CandidateSource.Import || newer.Source == CandidateSource.Import ? CandidateSource.Import : CandidateSource.Manual;
        original.UpdatedAt = now;
    }

    private static CvField<IReadOnlyList<string>>? Prepend(string? value, CvField<IReadOnlyList<string>>? field) =>
        value is null ? field : new CvField<IReadOnlyList<string>>([value, .. field?.Value ?? []], field?.Confidence ?? 1.0);

    private static CvField<IReadOnlyList<string>>? Union(CvField<IReadOnlyList<string>>? first, CvField<IReadOnlyList<string>>? second)
    {
        if (first is null && second is null)
        {
            return null;
        }

        var values = (first?.Value ?? []).Concat(second?.Value ?? []).DistinctBy(v => v.ToLowerInvariant()).ToList();
        return new CvField<IReadOnlyList<string>>(values, Math.Max(first?.Confidence ?? 0, second?.Confidence ?? 0));
    }
}
