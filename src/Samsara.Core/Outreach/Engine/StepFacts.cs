using Microsoft.EntityFrameworkCore;
using Samsara.Core.Candidates;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// What the gates and the renderer look up besides the step itself (replies, consent, templates, job descriptions),
/// read for a whole batch in one query each, so deciding a step is a function of memory.
/// </summary>
internal sealed class StepFacts
{
    private HashSet<Guid> _replied = [];
    private Dictionary<string, ConsentEntry> _phoneConsent = [];
    private Dictionary<string, ConsentEntry> _emailConsent = [];
    private Dictionary<Guid, MessageTemplate> _templates = [];
    private readonly Dictionary<Guid, MessageTemplate> _firstSmsTemplate = [];
    private Dictionary<Guid, JobDescription> _jobs = [];

    public static async Task<StepFacts> LoadAsync(SamsaraDbContext db, IReadOnlyCollection<StepWork> works, CancellationToken ct)
    {
        var facts = new StepFacts();
        if (works.Count == 0)
        {
            return facts;
        }

        var asking = works.Where(w => w.Send.Condition == StepCondition.OnlyIfNoReply).Select(w => w.Sequence.Id).Distinct().ToList();
        if (asking.Count > 0)
        {
            facts._replied = [.. await db.Messages
                .Where(m => asking.Contains(m.SequenceId) && m.Direction == MessageDirection.Inbound)
                .Select(m => m.SequenceId).Distinct().ToListAsync(ct)];
        }

        facts._phoneConsent = await ConsentLedger.CurrentManyAsync(
            db, works.Where(w => w.Send.Channel != StepChannel.Email).Select(w => w.Candidate.Phone), ConsentChannel.Phone, ct);
        facts._emailConsent = await ConsentLedger.CurrentManyAsync(
            db, works.Where(w => w.Send.Channel == StepChannel.Email).Select(w => w.Candidate.Email), ConsentChannel.Email, ct);

        // Only steps without a Message row yet are rendered.
        var rendering = works.Where(w => w.Message is null && w.Send.Channel != StepChannel.AiCall).ToList();
        var templateIds = rendering.Where(w => w.Send.TemplateId != null).Select(w => w.Send.TemplateId!.Value).Distinct().ToList();
        if (templateIds.Count > 0)
        {
            facts._templates = await db.MessageTemplates.AsNoTracking().Where(t => templateIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        }

        var builtIn = rendering.Where(w => w.Send.TemplateId == null).Select(w => w.Project.Id).Distinct().ToList();
        if (builtIn.Count > 0)
        {
            // The built-in one-step sequence (no template on the step) uses the project's first SMS template, or the
            // first global one when the project has none of its own.
            var sms = await db.MessageTemplates.AsNoTracking()
                .Where(t => (t.ProjectId == null || builtIn.Contains(t.ProjectId.Value)) && t.Channel == MessageChannel.Sms)
                .ToListAsync(ct);
            var first = sms.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToList();
            var global = first.FirstOrDefault(t => t.ProjectId == null);
            foreach (var project in builtIn)
            {
                if ((first.FirstOrDefault(t => t.ProjectId == project) ?? global) is { } template)
                {
                    facts._firstSmsTemplate[project] = template;
                }
            }
        }

        var projects = rendering.Select(w => w.Project.Id).Distinct().ToList();
        if (projects.Count > 0)
        {
            var jobs = await db.JobDescriptions.AsNoTracking().Where(j => projects.Contains(j.ProjectId)).ToListAsync(ct);
            facts._jobs = jobs.GroupBy(j => j.ProjectId).ToDictionary(g => g.Key, g => g.MaxBy(j => j.UpdatedAt)!);
        }

        return facts;
    }

    public bool HasReplied(Guid sequenceId) => _replied.Contains(sequenceId);

    public ConsentEntry? Consent(string? contact, ConsentChannel channel) =>
        string.IsNullOrWhiteSpace(contact) ? null
        : (channel == ConsentChannel.Email ? _emailConsent : _phoneConsent).GetValueOrDefault(ConsentLedger.Normalise(contact, channel));

    /// <summary>The step's template, or for the built-in step the project's (else the first global) SMS template; null when there is none.</summary>
    public MessageTemplate? TemplateFor(StepWork w) =>
        w.Send.TemplateId is { } id ? _templates.GetValueOrDefault(id) : _firstSmsTemplate.GetValueOrDefault(w.Project.Id);

    public JobDescription? JobFor(Guid projectId) => _jobs.GetValueOrDefault(projectId);
}
