using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Import;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Projects;
using Samsara.Core.Templates;
using Samsara.Web.Sandbox;

namespace Samsara.Web.Demo;

/// <summary>
/// "Try the demo project": one click makes a project a newcomer can watch move through the pipeline in a few minutes, with
/// a job description, the dozen sample CVs of <see cref="DemoCvs"/>, an SMS and an email template, a default sequence and
/// every candidate enrolled once their CVs are imported. Only in sandbox mode: with real providers these numbers and
/// addresses would be real messages.
/// </summary>
internal sealed partial class DemoProjectService(
    DemoMode demo,
    ProjectService projects,
    CandidateService candidates,
    TemplateService templates,
    SequenceService sequences,
    CvImportService imports,
    OutreachService outreach,
    IHostApplicationLifetime lifetime,
    Microsoft.Extensions.Options.IOptions<DemoProjectOptions> options,
    ILogger<DemoProjectService> logger)
{
    public bool Available => demo.Enabled;

    /// <summary>Creates the project and starts importing its CVs; enrolment follows in the background once they are in.</summary>
    /// <returns>Null when the providers are real ones.</returns>
    public async Task<Project?> CreateAsync(CancellationToken ct = default)
    {
        if (!demo.Enabled)
        {
            return null;
        }

        var project = await projects.CreateAsync(new ProjectInput { Name = DemoCvs.JobTitle, ClientName = "Sandbox Ltd", Owner = "Demo Recruiter" }, ct);
        // Any hour of the day, so the demo moves whenever it is tried; a short reply window, so silence leads to the AI call soon.
        await projects.UpdateSettingsAsync(project.Id, new ProjectSettingsInput
        {
            DefaultPhoneRegion = "GB",
            ReplyWindowMinutes = options.Value.ReplyWindowMinutes,
            QuietHoursStartMinute = 0,
            QuietHoursEndMinute = 24 * 60,
        }, ct);
        await candidates.SetJobDescriptionAsync(project.Id, new JobDescriptionInput { Title = DemoCvs.JobTitle, Text = DemoCvs.JobDescription }, ct);

        var sms = await templates.CreateAsync(new TemplateInput
        {
            ProjectId = project.Id,
            Name = "Demo intro (SMS)",
            Channel = MessageChannel.Sms,
            Body = "Hi {{ candidate.first_name }}, I'm {{ recruiter.name }}, recruiting a Senior Backend Engineer in London. Open to a quick chat?",
        }, ct);
        var email = await templates.CreateAsync(new TemplateInput
        {
            ProjectId = project.Id,
            Name = "Demo follow-up (email)",
            Channel = MessageChannel.Email,
            Subject = "Senior Backend Engineer role, {{ candidate.first_name }}",
            Body = "Hi {{ candidate.first_name }},\n\nI texted you about a Senior Backend Engineer role at Sandbox Ltd. "
                + "Your background in backend services looks like a good fit. Could we talk this week?\n\n{{ recruiter.name }}",
        }, ct);
        var sequence = await sequences.CreateAsync(project.Id, new SequenceInput
        {
            Name = "Demo: SMS, then email",
            IsDefault = true,
            Steps =
            [
                new SequenceStepInput { Channel = StepChannel.Sms, TemplateId = sms.Id, DelayMinutes = 0, Condition = StepCondition.Always },
                new SequenceStepInput { Channel = StepChannel.Email, TemplateId = email.Id, DelayMinutes = 1, Condition = StepCondition.OnlyIfNoReply },
            ],
        }, ct);

        var started = await imports.StartAsync(project.Id, [.. DemoCvs.Files().Select(f => new UploadedCv(f.FileName, new MemoryStream(f.Content)))], ct)
            ?? throw new InvalidOperationException("The demo project vanished while it was being created.");
        // Not awaited: the click answers at once and the CVs page shows the import; enrolment waits for the last file.
        _ = EnrolWhenImportedAsync(project.Id, started.ImportId, sequence?.Id, lifetime.ApplicationStopping);
        LogCreated(project.Id);
        return project;
    }

    private async Task EnrolWhenImportedAsync(Guid projectId, Guid importId, Guid? sequenceId, CancellationToken ct)
    {
        try
        {
            var deadline = DateTimeOffset.UtcNow + options.Value.ImportWait;
            while (await imports.GetStatusAsync(projectId, importId, ct) is { Finished: false })
            {
                if (DateTimeOffset.UtcNow > deadline)
                {
                    LogImportSlow(projectId);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }

            var enrolled = await outreach.EnrolAsync(projectId, new EnrolRequest(All: true, SequenceId: sequenceId), "demo", ct);
            LogEnrolled(projectId, enrolled?.Enrolled ?? 0);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The app is stopping; the recruiter can enrol the imported candidates by hand.
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            LogEnrolFailed(e, projectId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo project {ProjectId} created; its CVs are importing.")]
    private partial void LogCreated(Guid projectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo project {ProjectId}: {Count} candidates enrolled.")]
    private partial void LogEnrolled(Guid projectId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo project {ProjectId}: the CV import did not finish in time, so nobody was enrolled; enrol from the Outreach page.")]
    private partial void LogImportSlow(Guid projectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo project {ProjectId}: enrolment failed; enrol from the Outreach page.")]
    private partial void LogEnrolFailed(Exception e, Guid projectId);
}
