using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Outreach;

namespace Samsara.Core.Projects;

/// <summary>A project row as the dashboard shows it.</summary>
public sealed record ProjectSummary(
    Guid Id,
    string Name,
    string? ClientName,
    string? ClientContactEmail,
    string? Owner,
    ProjectStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastActivityAt,
    Funnel Funnel,
    int NeedsYou);

public sealed class ProjectService(IDbContextFactory<SamsaraDbContext> dbFactory, TimeProvider clock, ChangeFeed changes)
{
    public async Task<IReadOnlyList<ProjectSummary>> ListAsync(bool includeArchived, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var projects = await db.Projects.AsNoTracking()
            .Where(p => includeArchived || p.Status == ProjectStatus.Active)
            .ToListAsync(ct);
        var ids = projects.Select(p => p.Id).ToList();
        var candidates = await db.Candidates.Where(c => ids.Contains(c.ProjectId))
            .GroupBy(c => c.ProjectId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var states = await db.OutreachSequences.Where(s => ids.Contains(s.ProjectId))
            .GroupBy(s => new { s.ProjectId, s.Status }).Select(g => new { g.Key.ProjectId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);

        return projects
            .Select(p =>
            {
                var byState = states.Where(s => s.ProjectId == p.Id).ToDictionary(s => s.Status, s => s.Count);
                return Summarise(p, candidates.GetValueOrDefault(p.Id), byState);
            })
            .OrderByDescending(p => p.LastActivityAt)
            .ToList();
    }

    public async Task<ProjectSummary?> GetSummaryAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return null;
        }

        var candidates = await db.Candidates.CountAsync(c => c.ProjectId == id, ct);
        var byState = await CountByStateAsync(db, id, ct);
        return Summarise(project, candidates, byState);
    }

    public async Task<Project?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
    }

    public async Task<Project> CreateAsync(ProjectInput input, CancellationToken ct = default)
    {
        InputValidationException.ThrowIfInvalid(input);
        var now = clock.GetUtcNow();
        var project = new Project
        {
            Id = Guid.CreateVersion7(now),
            Name = input.Name!.Trim(),
            ClientName = Clean(input.ClientName),
            ClientContactEmail = Clean(input.ClientContactEmail),
            Owner = Clean(input.Owner),
            Status = input.Status ?? ProjectStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
            LastActivityAt = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        changes.Publish(project.Id, "project");
        return project;
    }

    /// <returns>The updated project, or null when there is no such project.</returns>
    public async Task<Project?> UpdateAsync(Guid id, ProjectInput input, CancellationToken ct = default)
    {
        InputValidationException.ThrowIfInvalid(input);
        return await ModifyAsync(id, p =>
        {
            p.Name = input.Name!.Trim();
            p.ClientName = Clean(input.ClientName);
            p.ClientContactEmail = Clean(input.ClientContactEmail);
            p.Owner = Clean(input.Owner);
            p.Status = input.Status ?? p.Status;
        }, ct);
    }

    public Task<Project?> SetStatusAsync(Guid id, ProjectStatus status, CancellationToken ct = default) =>
        ModifyAsync(id, p => p.Status = status, ct);

    public Task<Project?> UpdateSettingsAsync(Guid id, ProjectSettingsInput input, CancellationToken ct = default)
    {
        InputValidationException.ThrowIfInvalid(input);
        if (input.QuietHoursEndMinute <= input.QuietHoursStartMinute)
        {
            throw new InputValidationException(new Dictionary<string, string[]>
            {
                ["quietHoursEndMinute"] = ["Allowed hours must end after they start."],
            });
        }

        return ModifyAsync(id, p =>
        {
            p.DefaultPhoneRegion = input.DefaultPhoneRegion.ToUpperInvariant();
            p.ReplyWindowMinutes = input.ReplyWindowMinutes;
            p.QuietHoursStartMinute = input.QuietHoursStartMinute;
            p.QuietHoursEndMinute = input.QuietHoursEndMinute;
            p.OverdueReplanMinutes = input.OverdueReplanMinutes;
            p.RetentionDays = input.RetentionDays;
            p.AnonymiseClientPackages = input.AnonymiseClientPackages;
        }, ct);
    }

    /// <summary>Deletes the project and, through the schema's cascades, everything in it.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deleted = await db.Projects.Where(p => p.Id == id).ExecuteDeleteAsync(ct) > 0;
        if (deleted)
        {
            changes.Publish(id, "project");
        }

        return deleted;
    }

    /// <summary>Marks the project as touched so the dashboard orders it by recent activity.</summary>
    public static Task TouchAsync(SamsaraDbContext db, Guid projectId, DateTimeOffset now, CancellationToken ct) =>
        db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s.SetProperty(p => p.LastActivityAt, now), ct);

    private async Task<Project?> ModifyAsync(Guid id, Action<Project> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return null;
        }

        change(project);
        project.UpdatedAt = project.LastActivityAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        changes.Publish(id, "project");
        return project;
    }

    private static async Task<IReadOnlyDictionary<CandidateState, int>> CountByStateAsync(SamsaraDbContext db, Guid projectId, CancellationToken ct) =>
        await db.OutreachSequences.Where(s => s.ProjectId == projectId)
            .GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    private static ProjectSummary Summarise(Project p, int candidates, IReadOnlyDictionary<CandidateState, int> byState) =>
        new(p.Id, p.Name, p.ClientName, p.ClientContactEmail, p.Owner, p.Status, p.CreatedAt, p.UpdatedAt, p.LastActivityAt,
            Funnel.From(candidates, byState), Funnel.NeedsYou(byState));

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
