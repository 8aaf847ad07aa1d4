using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Replies;

/// <summary>
/// The words of the messages a reply leaves for later. A template saved under the kind's name for the channel, in the
/// project or globally, replaces the built-in one (as scheduling's messages do).
/// </summary>
public static class FollowUpTexts
{
    public const string CheckingBackName = "Checking back";
    public const string OptOutConfirmationName = "Opt-out confirmation";

    public static string? TemplateName(ReplyFollowUpKind kind) => kind switch
    {
        ReplyFollowUpKind.CheckingBack => CheckingBackName,
        ReplyFollowUpKind.OptOutConfirmation => OptOutConfirmationName,
        ReplyFollowUpKind.Resume or ReplyFollowUpKind.Answer => null,
    };

    public static MessageTemplate BuiltIn(ReplyFollowUpKind kind, MessageChannel channel) => new()
    {
        Name = TemplateName(kind) ?? kind.ToString(),
        Channel = channel,
        Subject = channel == MessageChannel.Email
            ? kind == ReplyFollowUpKind.CheckingBack ? "Checking back: {{ project.name }}" : "You won't hear from us again"
            : null,
        Body = (kind, channel) switch
        {
            (ReplyFollowUpKind.CheckingBack, MessageChannel.Sms) =>
                "Hi {{ candidate.first_name | default: 'there' }}, checking back as promised about the {{ project.name }} role{% if project.client_name %} with {{ project.client_name }}{% endif %}. Is now a better time? Just reply here.",
            (ReplyFollowUpKind.CheckingBack, _) => """
                Hi {{ candidate.first_name | default: 'there' }},

                You asked me to get back to you later about the {{ project.name }} role{% if project.client_name %} with {{ project.client_name }}{% endif %}, so I am checking back as promised. Is now a better time? Just reply to this email.

                {{ recruiter.signature | default: recruiter.name | default: '' }}
                """,
            (_, MessageChannel.Sms) => "You won't hear from us again. Sorry for the bother.",
            // No variables: the one message an opt-out allows must not be blocked by a missing name or signature.
            _ => """
                Hello,

                You won't hear from us again: your details are marked so that nobody here contacts you, by email, text or phone. Sorry for the bother.
                """,
        },
    };
}
