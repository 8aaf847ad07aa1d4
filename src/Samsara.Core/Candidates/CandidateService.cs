using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Projects;

namespace Samsara.Core.Candidates;

public sealed class CandidateService(IDbContextFactory<SamsaraDbContext> dbFactory, TimeProvider clock, ChangeFeed changes)
{
    public const int MaxPageSize = 500;

    public async Task<CandidatePage?> ListAsync(Guid projectId, CandidateQuery query, CancellationToken ct = default)
    {
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        var rows = db.Candidates.AsNoTracking().Where(c => c.ProjectId == projectId);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = $"%{query.Search.Trim()}%";
            rows = rows.Where(c => EF.Functions.Like(c.FullName, term) || EF.Functions.Like(c.Email!, term) || EF.Functions.Like(c.Location!, term));
        }

        var total = await rows.CountAsync(ct);
        var items = await Sort(rows, query.Sort, query.Descending).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new CandidatePage(items, total, page, size);
    }

    public async Task<Candidate?> GetAsync(Guid projectId, Guid candidateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Candidates.AsNoTracking().SingleOrDefaultAsync(c => c.ProjectId == projectId && c.Id == candidateId, ct);
    }

    /// <returns>The new candidate, or null when the project does not exist.</returns>
    public async Task<Candidate?> AddAsync(Guid projectId, CandidateInput input, CancellationToken ct = default)
    {
        InputValidationException.ThrowIfInvalid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var candidate = new Candidate { Id = Guid.CreateVersion7(now), ProjectId = projectId, FullName = "", CreatedAt = now };
        Apply(candidate, input, now);
        db.Candidates.Add(candidate);
        await db.SaveChangesAsync(ct);
        await ProjectService.TouchAsync(db, projectId, now, ct);
        changes.Publish(projectId, "candidates");
        return candidate;
    }

    public async Task<Candidate?> UpdateAsync(Guid projectId, Guid candidateId, CandidateInput input, CancellationToken ct = default)
    {
        InputValidationException.ThrowIfInvalid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidate = await db.Candidates.SingleOrDefaultAsync(c => c.ProjectId == projectId && c.Id == candidateId, ct);
        if (candidate is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        Apply(candidate, input, now);
        await db.SaveChangesAsync(ct);
        await ProjectService.TouchAsync(db, projectId, now, ct);
        changes.Publish(projectId, "candidates");
        return candidate;
    }

    public async Task<bool> DeleteAsync(Guid projectId, Guid candidateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deleted = await db.Candidates.Where(c => c.ProjectId == projectId && c.Id == candidateId).ExecuteDeleteAsync(ct) > 0;
        if (deleted)
        {
            await ProjectService.TouchAsync(db, projectId, clock.GetUtcNow(), ct);
            changes.Publish(projectId, "candidates");
        }

        return deleted;
    }

    public async Task<JobDescription?> GetJobDescriptionAsync(Guid projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.JobDescriptions.AsNoTracking().SingleOrDefaultAsync(j => j.ProjectId == projectId, ct);
    }

    /// <returns>The saved job description, or null when the project does not exist.</returns>
    public async Task<JobDescription?> SetJobDescriptionAsync(Guid projectId, JobDescriptionInput input, CancellationToken ct = default)
    {
        InputValidationException.ThrowIfInvalid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var jd = await db.JobDescriptions.SingleOrDefaultAsync(j => j.ProjectId == projectId, ct);
        if (jd is null)
        {
            jd = new JobDescription { Id = Guid.CreateVersion7(now), ProjectId = projectId, RawText = "", CreatedAt = now };
            db.JobDescriptions.Add(jd);
        }

        jd.Title = string.IsNullOrWhiteSpace(input.Title) ? null : input.Title.Trim();
        jd.RawText = input.Text!;
        jd.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await ProjectService.TouchAsync(db, projectId, now, ct);
        changes.Publish(projectId, "job-description");
        return jd;
    }

    private static void Apply(Candidate c, CandidateInput input, DateTimeOffset now)
    {
        c.FullName = input.FullName!.Trim();
        c.Email = Clean(input.Email);
        c.Phone = Clean(input.Phone);
        c.Location = Clean(input.Location);
        c.CurrentTitle = Clean(input.CurrentTitle);
        c.Notes = Clean(input.Notes);
        c.UpdatedAt = now;
    }

    private static IQueryable<Candidate> Sort(IQueryable<Candidate> rows, CandidateSort sort, bool descending)
    {
        IOrderedQueryable<Candidate> ordered = (sort, descending) switch
        {
            (CandidateSort.Name, false) => rows.OrderBy(c => c.FullName),
            (CandidateSort.Name, true) => rows.OrderByDescending(c => c.FullName),
            (CandidateSort.Email, false) => rows.OrderBy(c => c.Email),
            (CandidateSort.Email, true) => rows.OrderByDescending(c => c.Email),
            (CandidateSort.Location, false) => rows.OrderBy(c => c.Location),
            (CandidateSort.Location, true) => rows.OrderByDescending(c => c.Location),
            (CandidateSort.Title, false) => rows.OrderBy(c => c.CurrentTitle),
            (CandidateSort.Title, true) => rows.OrderByDescending(c => c.CurrentTitle),
            (CandidateSort.Created, false) => rows.OrderBy(c => c.CreatedAt),
            (CandidateSort.Created, true) => rows.OrderByDescending(c => c.CreatedAt),
            (CandidateSort.Updated, false) => rows.OrderBy(c => c.UpdatedAt),
            (CandidateSort.Updated, true) => rows.OrderByDescending(c => c.UpdatedAt),
        };
        // A stable tie-break keeps pages from overlapping when many rows share a value.
        return ordered.ThenBy(c => c.Id);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
