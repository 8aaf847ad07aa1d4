using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Sequences;

/// <summary>
/// The project's sequence definitions. Edits apply to steps not yet queued: a step already sent keeps its outbox
/// row (unique per enrolment and step index), so it is never sent again, whatever the definition now says.
/// </summary>
public sealed class SequenceService(IDbContextFactory<SamsaraDbContext> dbFactory, TimeProvider clock, ChangeFeed changes)
{
    public const int MaxSteps = 20;

    /// <summary>A year: longer delays are almost certainly a unit mistake.</summary>
    public const int MaxDelayMinutes = 366 * 24 * 60;

    /// <returns>Null when there is no such project.</returns>
    public async Task<IReadOnlyList<SequenceDto>?> ListAsync(Guid projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        var list = await db.SequenceDefinitions.AsNoTracking().Include(d => d.Steps)
            .Where(d => d.ProjectId == projectId).ToListAsync(ct);
        return [.. list.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Select(SequenceDto.From)];
    }

    public async Task<SequenceDto?> GetAsync(Guid projectId, Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var d = await db.SequenceDefinitions.AsNoTracking().Include(x => x.Steps).SingleOrDefaultAsync(x => x.Id == id && x.ProjectId == projectId, ct);
        return d is null ? null : SequenceDto.From(d);
    }

    /// <returns>Null when there is no such project.</returns>
    /// <exception cref="InputValidationException">Bad name, no steps, a negative delay, or a template that is missing or of another channel.</exception>
    public async Task<SequenceDto?> CreateAsync(Guid projectId, SequenceInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        await ValidateAsync(db, projectId, input, ct);
        var now = clock.GetUtcNow();
        var first = !await db.SequenceDefinitions.AnyAsync(d => d.ProjectId == projectId, ct);
        var definition = new SequenceDefinition
        {
            Id = Guid.CreateVersion7(now),
            ProjectId = projectId,
            Name = input.Name!.Trim(),
            IsDefault = input.IsDefault || first,
            CreatedAt = now,
            UpdatedAt = now,
        };
        definition.Steps = NewSteps(definition.Id, input, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (definition.IsDefault)
        {
            await ClearDefaultAsync(db, projectId, ct);
        }

        db.SequenceDefinitions.Add(definition);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        changes.Publish(projectId, "sequences");
        return SequenceDto.From(definition);
    }

    /// <summary>Replaces name, default flag and steps. Enrolments already under way keep what was already queued or sent.</summary>
    public async Task<SequenceDto?> UpdateAsync(Guid projectId, Guid id, SequenceInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var definition = await db.SequenceDefinitions.Include(d => d.Steps).SingleOrDefaultAsync(d => d.Id == id && d.ProjectId == projectId, ct);
        if (definition is null)
        {
            return null;
        }

        await ValidateAsync(db, projectId, input, ct);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = definition.Steps.Select(s => s.Id).ToHashSet();
        // Old steps go first, in their own save: the new ones reuse the (definition, index) keys.
        db.SequenceSteps.RemoveRange(definition.Steps);
        await db.SaveChangesAsync(ct);
        if (input.IsDefault && !definition.IsDefault)
        {
            await ClearDefaultAsync(db, projectId, ct);
        }

        definition.Name = input.Name!.Trim();
        // The default can be moved to another sequence, not switched off: enrolment always has one to fall back on.
        definition.IsDefault = definition.IsDefault || input.IsDefault;
        definition.UpdatedAt = now;
        definition.Steps = NewSteps(definition.Id, input, now, existing);
        db.SequenceSteps.AddRange(definition.Steps);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        changes.Publish(projectId, "sequences");
        return SequenceDto.From(definition);
    }

    /// <summary>Candidates enrolled in it finish the steps already queued and get no more.</summary>
    public async Task<bool> DeleteAsync(Guid projectId, Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var definition = await db.SequenceDefinitions.SingleOrDefaultAsync(d => d.Id == id && d.ProjectId == projectId, ct);
        if (definition is null)
        {
            return false;
        }

        db.SequenceDefinitions.Remove(definition);
        await db.SaveChangesAsync(ct);
        if (definition.IsDefault
            && await db.SequenceDefinitions.Where(d => d.ProjectId == projectId).OrderBy(d => d.CreatedAt).FirstOrDefaultAsync(ct) is { } next)
        {
            next.IsDefault = true;
            await db.SaveChangesAsync(ct);
        }

        changes.Publish(projectId, "sequences");
        return true;
    }

    private static Task<int> ClearDefaultAsync(SamsaraDbContext db, Guid projectId, CancellationToken ct) =>
        db.SequenceDefinitions.Where(d => d.ProjectId == projectId && d.IsDefault).ExecuteUpdateAsync(s => s.SetProperty(d => d.IsDefault, false), ct);

    private static List<SequenceStep> NewSteps(Guid definitionId, SequenceInput input, DateTimeOffset now, HashSet<Guid>? existing = null) =>
        [.. input.Steps!.Select((s, i) => new SequenceStep
        {
            // Only ids of this sequence's own steps are kept, each once; anything else is a new step.
            Id = s.Id is { } id && existing?.Remove(id) == true ? id : Guid.CreateVersion7(now),
            DefinitionId = definitionId,
            Index = i,
            Channel = s.Channel,
            TemplateId = s.Channel == StepChannel.AiCall ? null : s.TemplateId,
            DelayMinutes = s.DelayMinutes,
            Condition = s.Condition,
        })];

    private static async Task ValidateAsync(SamsaraDbContext db, Guid projectId, SequenceInput input, CancellationToken ct)
    {
        var errors = InputValidation.Validate(input).ToDictionary(e => e.Key, e => e.Value.ToList());
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var steps = input.Steps ?? [];
        if (steps.Count == 0)
        {
            Add("steps", "A sequence needs at least one step.");
        }
        else if (steps.Count > MaxSteps)
        {
            Add("steps", $"A sequence has at most {MaxSteps} steps.");
        }

        var ids = steps.Where(s => s.TemplateId is not null).Select(s => s.TemplateId!.Value).Distinct().ToList();
        var templates = await db.MessageTemplates.AsNoTracking()
            .Where(t => ids.Contains(t.Id) && (t.ProjectId == null || t.ProjectId == projectId))
            .ToDictionaryAsync(t => t.Id, ct);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var field = $"steps[{i}]";
            if (!Enum.IsDefined(step.Channel))
            {
                Add($"{field}.channel", "Choose SMS, Email or AiCall.");
            }

            if (!Enum.IsDefined(step.Condition))
            {
                Add($"{field}.condition", "Choose Always, OnlyIfNoReply, OnlyIfHasEmail or OnlyIfHasPhone.");
            }

            if (step.DelayMinutes < 0)
            {
                Add($"{field}.delayMinutes", "The delay cannot be negative.");
            }
            else if (step.DelayMinutes > MaxDelayMinutes)
            {
                Add($"{field}.delayMinutes", "The delay is longer than a year; check the unit.");
            }

            var wanted = step.Channel switch
            {
                StepChannel.Sms => (MessageChannel?)MessageChannel.Sms,
                StepChannel.Email => MessageChannel.Email,
                StepChannel.AiCall => null,
                _ => null,
            };
            if (wanted is null)
            {
                continue;
            }

            if (step.TemplateId is not { } templateId)
            {
                Add($"{field}.templateId", $"Choose the {wanted} template this step sends.");
            }
            else if (!templates.TryGetValue(templateId, out var template))
            {
                Add($"{field}.templateId", $"Template {templateId} does not exist in this project or among the global templates.");
            }
            else if (template.Channel != wanted)
            {
                Add($"{field}.templateId", $"Template '{template.Name}' is an {template.Channel} template; this step sends {wanted}.");
            }
        }

        if (errors.Count > 0)
        {
            throw new InputValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}
