using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// The built-in one-step sequence: an SMS from the project's first SMS template, due on enrolment. A sequence
/// builder with more steps replaces this; the outbox already keys rows by step.
/// </summary>
public static class OutreachSchedule
{
    public const int FirstStep = 0;

    public static OutreachSend FirstSend(OutreachSequence sequence, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SequenceId = sequence.Id,
        ProjectId = sequence.ProjectId,
        StepIndex = FirstStep,
        Channel = MessageChannel.Sms,
        Status = SendStatus.Pending,
        DueAt = now,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
