using MimeKit;
using Samsara.Core.Candidates;
using Samsara.Core.Email;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Projects;
using Samsara.Core.Templates;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>Intent methods for multi-step sequences and email on top of <see cref="EngineRig"/>.</summary>
internal static class EngineRigSequences
{
    public const string SmsBody = "Hi {{ candidate.first_name }}, a role with {{ project.client_name }}?";
    public const string EmailSubject = "A role with {{ project.client_name }}";
    public const string EmailBody = "Hi {{ candidate.first_name }},\n\nWould a role with {{ project.client_name }} interest you?";

    /// <summary>A project with one SMS and one email template.</summary>
    public static async Task<(Project Project, Guid Sms, Guid Email)> ProjectAsync(this EngineRig rig, string name = "Senior Backend Engineer")
    {
        var project = await rig.Service<ProjectService>().CreateAsync(new ProjectInput { Name = name, ClientName = "Acme Ltd" });
        var templates = rig.Service<TemplateService>();
        var sms = await templates.CreateAsync(new TemplateInput { ProjectId = project.Id, Name = "SMS", Channel = MessageChannel.Sms, Body = SmsBody });
        var email = await templates.CreateAsync(new TemplateInput { ProjectId = project.Id, Name = "Email", Channel = MessageChannel.Email, Subject = EmailSubject, Body = EmailBody });
        return (project, sms.Id, email.Id);
    }

    public static SequenceStepInput Step(StepChannel channel, Guid? template, int delayMinutes = 0, StepCondition condition = StepCondition.Always) =>
        new() { Channel = channel, TemplateId = template, DelayMinutes = delayMinutes, Condition = condition };

    public static async Task<SequenceDto> SequenceAsync(this EngineRig rig, Guid projectId, params SequenceStepInput[] steps) =>
        (await rig.Service<SequenceService>().CreateAsync(projectId, new SequenceInput { Name = "Main", IsDefault = true, Steps = [.. steps] }))!;

    public static async Task<Candidate> CandidateAsync(this EngineRig rig, Guid projectId, string? phone, string? email, string name = "Ada Lovelace") =>
        (await rig.Service<CandidateService>().AddAsync(projectId, new CandidateInput { FullName = name, Phone = phone, Email = email }))!;

    public static Task EnrolAsync(this EngineRig rig, Guid projectId, Guid candidateId, Guid? sequenceId = null) =>
        rig.Service<OutreachService>().EnrolAsync(projectId, new EnrolRequest([candidateId], SequenceId: sequenceId), "recruiter");

    /// <summary>Hands a mail to the engine as the IMAP watcher does: classified by the real classifier first.</summary>
    public static Task DeliverAsync(this EngineRig rig, MimeMessage mail) =>
        rig.Service<InboundEmailEvents>().HandleAsync(InboundEmailClassifier.Classify(mail), TestContext.Current.CancellationToken);

    /// <summary>The candidate answering in their mail client: In-Reply-To and References name our message.</summary>
    public static MimeMessage ReplyTo(MimeMessage original, string body)
    {
        var answer = new MimeMessage { Subject = "Re: " + original.Subject, InReplyTo = original.MessageId };
        answer.References.Add(original.MessageId!);
        answer.From.AddRange(original.To);
        answer.To.AddRange(original.ReplyTo);
        answer.Body = new TextPart("plain") { Text = body + "\n\nOn Tue, Rita wrote:\n> " + original.TextBody?.Split('\n')[0] };
        return answer;
    }

    public static MimeMessage OutOfOffice(MimeMessage original)
    {
        var auto = ReplyTo(original, "I am out of the office until Monday.");
        auto.Subject = "Automatic reply: " + original.Subject;
        auto.Headers.Add("Auto-Submitted", "auto-replied");
        return auto;
    }

    /// <summary>A non-delivery notice as Postfix sends it back to the envelope sender (the plus-address with the token).</summary>
    public static MimeMessage Bounce(MimeMessage original)
    {
        var failed = original.To.Mailboxes.Single().Address;
        var bounce = new MimeMessage { Subject = "Undelivered Mail Returned to Sender" };
        bounce.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@agency.test"));
        bounce.To.AddRange(original.ReplyTo);
        bounce.Headers.Add("X-Failed-Recipients", failed);
        bounce.Body = new TextPart("plain") { Text = $"<{failed}>: host mx.candidates.test said: 550 5.1.1 User unknown" };
        return bounce;
    }

    /// <summary>What a mail client sends for List-Unsubscribe: mail to the mailto address with subject "unsubscribe".</summary>
    public static MimeMessage Unsubscribe(MimeMessage original)
    {
        var mailto = original.Headers["List-Unsubscribe"]!.Split("mailto:")[1].Split('?')[0];
        var request = new MimeMessage { Subject = "unsubscribe" };
        request.From.AddRange(original.To);
        request.To.Add(MailboxAddress.Parse(mailto));
        request.Body = new TextPart("plain") { Text = "Unsubscribe me." };
        return request;
    }
}
