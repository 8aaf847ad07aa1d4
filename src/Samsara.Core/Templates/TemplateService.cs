using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samsara.Core.Common;
using Samsara.Core.Data;

namespace Samsara.Core.Templates;

/// <summary>Templates: saved only when they parse and use known names; rendered per candidate with missing values blocking the send.</summary>
public sealed class TemplateService(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    LiquidTemplates liquid,
    IOptions<RecruiterOptions> recruiter,
    TimeProvider clock)
{
    public const int MaxBodyLength = 20_000;

    /// <summary>Twilio refuses bodies over 1,600 characters (10 segments).</summary>
    public const int MaxSmsCharacters = 1600;

    /// <summary>Global templates plus, when a project is given, that project's own.</summary>
    public async Task<IReadOnlyList<MessageTemplate>> ListAsync(Guid? projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.MessageTemplates.AsNoTracking()
            .Where(t => t.ProjectId == null || (projectId != null && t.ProjectId == projectId))
            .ToListAsync(ct);
        return rows.OrderBy(t => t.ProjectId is null).ThenBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public async Task<MessageTemplate?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MessageTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
    }

    /// <exception cref="InputValidationException">Missing name or body.</exception>
    /// <exception cref="TemplateValidationException">Syntax errors, unknown variables or filters.</exception>
    public async Task<MessageTemplate> CreateAsync(TemplateInput input, CancellationToken ct = default)
    {
        var variables = Validate(input);
        var now = clock.GetUtcNow();
        var template = new MessageTemplate
        {
            Id = Guid.CreateVersion7(now),
            ProjectId = input.ProjectId,
            Name = input.Name!.Trim(),
            Channel = input.Channel,
            Subject = input.Channel == MessageChannel.Email ? input.Subject!.Trim() : null,
            Body = input.Body!,
            VariablesJson = variables,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.MessageTemplates.Add(template);
        await db.SaveChangesAsync(ct);
        return template;
    }

    /// <returns>The updated template, or null when there is no such template.</returns>
    public async Task<MessageTemplate?> UpdateAsync(Guid id, TemplateInput input, CancellationToken ct = default)
    {
        var variables = Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var template = await db.MessageTemplates.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (template is null)
        {
            return null;
        }

        template.ProjectId = input.ProjectId;
        template.Name = input.Name!.Trim();
        template.Channel = input.Channel;
        template.Subject = input.Channel == MessageChannel.Email ? input.Subject!.Trim() : null;
        template.Body = input.Body!;
        template.VariablesJson = variables;
        template.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return template;
    }

    /// <summary>How many sequence steps (in any project) send this template; deleting it leaves them without one.</summary>
    public async Task<int> StepsUsingAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SequenceSteps.CountAsync(s => s.TemplateId == id, ct);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MessageTemplates.Where(t => t.Id == id).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>Renders a stored template for a candidate of the template's project (or any project for a global one).</summary>
    /// <returns>Null when the template or the candidate does not exist.</returns>
    public async Task<RenderedMessage?> PreviewAsync(Guid templateId, Guid candidateId, RecruiterProfile? recruiterProfile = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var template = await db.MessageTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId, ct);
        var candidate = await db.Candidates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == candidateId, ct);
        if (template is null || candidate is null)
        {
            return null;
        }

        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == candidate.ProjectId, ct);
        var job = await db.JobDescriptions.AsNoTracking().Where(j => j.ProjectId == candidate.ProjectId).OrderByDescending(j => j.UpdatedAt).FirstOrDefaultAsync(ct);
        var variables = TemplateVariables.For(candidate, project, job, recruiterProfile ?? recruiter.Value.ToProfile());
        return await RenderAsync(template, variables);
    }

    /// <summary>
    /// Checks and renders text that is not saved (the editor as the recruiter types, or <c>POST /templates/preview</c>):
    /// the save-time problems, or the message for the candidate. Stores nothing.
    /// </summary>
    /// <returns>Null when <paramref name="candidateId"/> names no candidate.</returns>
    public async Task<DraftPreview?> PreviewDraftAsync(TemplateInput draft, Guid? candidateId, RecruiterProfile? recruiterProfile = null, CancellationToken ct = default)
    {
        var checkable = new TemplateInput { ProjectId = draft.ProjectId, Name = string.IsNullOrWhiteSpace(draft.Name) ? "Draft" : draft.Name, Channel = draft.Channel, Subject = draft.Subject, Body = draft.Body };
        try
        {
            Validate(checkable);
        }
        catch (TemplateValidationException e)
        {
            return new DraftPreview([.. e.Problems.Select(p => p.ToString())], null);
        }
        catch (InputValidationException e)
        {
            return new DraftPreview([.. e.Errors.SelectMany(x => x.Value.Select(v => $"{x.Key}: {v}"))], null);
        }

        if (candidateId is not { } id)
        {
            return new DraftPreview([], null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidate = await db.Candidates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (candidate is null)
        {
            return null;
        }

        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == candidate.ProjectId, ct);
        var job = await db.JobDescriptions.AsNoTracking().Where(j => j.ProjectId == candidate.ProjectId).OrderByDescending(j => j.UpdatedAt).FirstOrDefaultAsync(ct);
        var template = new MessageTemplate { ProjectId = draft.ProjectId, Name = checkable.Name!, Channel = draft.Channel, Subject = draft.Subject, Body = draft.Body! };
        return new DraftPreview([], await RenderAsync(template, TemplateVariables.For(candidate, project, job, recruiterProfile ?? recruiter.Value.ToProfile())));
    }

    /// <summary>
    /// Renders a template; a variable with no value makes the result blocked rather than sending a gap, and so does a
    /// render that passes a <see cref="TemplateLimits"/> bound (that message is skipped, the rest of a batch goes on).
    /// </summary>
    public async Task<RenderedMessage> RenderAsync(MessageTemplate template, TemplateVariables variables)
    {
        try
        {
            return await RenderWithinLimitsAsync(template, variables);
        }
        catch (TemplateLimitException e)
        {
            return RenderedMessage.Blocked(template.Channel, $"Not sent: the template '{template.Name}' cannot be rendered within limits. {e.Message}", []);
        }
        catch (TemplateValidationException e)
        {
            return RenderedMessage.Blocked(template.Channel, $"Not sent: the template '{template.Name}' is not valid Liquid. {string.Join(" ", e.Problems)}", []);
        }
    }

    private async Task<RenderedMessage> RenderWithinLimitsAsync(MessageTemplate template, TemplateVariables variables)
    {
        if (template.Channel == MessageChannel.Sms)
        {
            var sms = await liquid.RenderAsync(template.Body, variables, NullEncoder.Default);
            if (!sms.IsComplete)
            {
                return RenderedMessage.Blocked(template.Channel, MissingReason(sms.MissingVariables), sms.MissingVariables);
            }

            var text = sms.Text!.Trim();
            var preview = SmsPreview.For(text);
            if (text.Length == 0)
            {
                return RenderedMessage.Blocked(template.Channel, "The message is empty.", []);
            }

            if (preview.Characters > MaxSmsCharacters)
            {
                return RenderedMessage.Blocked(template.Channel,
                    $"The SMS is {preview.Characters} characters; the limit is {MaxSmsCharacters}.", []);
            }

            return new RenderedMessage(template.Channel, true, null, [], null, text, null, preview);
        }

        var isHtml = EmailBody.LooksLikeHtml(template.Body);
        var subject = await liquid.RenderAsync(template.Subject ?? "", variables, NullEncoder.Default);
        var body = await liquid.RenderAsync(template.Body, variables, isHtml ? HtmlEncoder.Default : NullEncoder.Default);
        var missing = subject.MissingVariables.Concat(body.MissingVariables).Distinct().ToList();
        if (missing.Count > 0)
        {
            return RenderedMessage.Blocked(template.Channel, MissingReason(missing), missing);
        }

        var email = EmailBody.FromRendered(body.Text!, isHtml);
        // Header folding cannot carry line breaks a template might produce.
        var cleanSubject = string.Join(' ', subject.Text!.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new RenderedMessage(template.Channel, true, null, [], cleanSubject, email.Text, email.Html, null);
    }

    private string? Validate(TemplateInput input)
    {
        var errors = InputValidation.Validate(input);
        if (!Enum.IsDefined(input.Channel))
        {
            errors["channel"] = ["Unknown channel."];
        }

        if (input.Channel == MessageChannel.Email && string.IsNullOrWhiteSpace(input.Subject))
        {
            errors["subject"] = ["An email template needs a subject."];
        }

        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }

        var problems = liquid.Validate(input.Body!, "body").ToList();
        if (input.Channel == MessageChannel.Email)
        {
            problems.AddRange(liquid.Validate(input.Subject!, "subject"));
        }

        if (problems.Count == 0)
        {
            problems.AddRange(TrialRender(input.Body!, "body"));
            if (input.Channel == MessageChannel.Email)
            {
                problems.AddRange(TrialRender(input.Subject!, "subject"));
            }
        }

        if (problems.Count > 0)
        {
            throw new TemplateValidationException(problems);
        }

        var used = LiquidTemplates.VariablesUsed(input.Body!).Concat(input.Channel == MessageChannel.Email ? LiquidTemplates.VariablesUsed(input.Subject!) : [])
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return JsonSerializer.Serialize(used);
    }

    // Limits that depend on the run (steps, output size) are found by rendering once with no candidate: values are
    // missing, which only shortens the output, so a template refused here would fail for every candidate too.
    private IEnumerable<TemplateProblem> TrialRender(string source, string field)
    {
        try
        {
            // Fluid renders in-memory values synchronously; the task is complete when it returns.
            liquid.RenderAsync(source, TemplateVariables.For(null, null, null, null), NullEncoder.Default).AsTask().GetAwaiter().GetResult();
            return [];
        }
        catch (TemplateLimitException e)
        {
            return [new TemplateProblem(field, null, null, $"The template cannot render within limits: {e.Message}")];
        }
    }

    private static string MissingReason(IReadOnlyList<string> missing) =>
        missing.Count == 1
            ? $"Not sent: {missing[0]} has no value for this candidate."
            : $"Not sent: {string.Join(", ", missing)} have no value for this candidate.";
}
