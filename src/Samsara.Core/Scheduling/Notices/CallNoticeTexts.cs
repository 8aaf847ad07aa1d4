using System.Globalization;
using Samsara.Core.Templates;

namespace Samsara.Core.Scheduling.Notices;

/// <summary>
/// The words of each scheduling message. A template saved under the kind's name (<see cref="TemplateName"/>) for the
/// channel, in the project or globally, replaces the built-in one; both render through the same Liquid path as
/// outreach, with <c>call.*</c> (times already in the candidate's zone) on top of the usual variables.
/// </summary>
public static class CallNoticeTexts
{
    public static string TemplateName(CallNoticeKind kind) => kind switch
    {
        CallNoticeKind.Offer => "Call times offer",
        CallNoticeKind.Confirmation => "Call confirmation",
        CallNoticeKind.Reminder => "Call reminder",
        CallNoticeKind.Update => "Call moved",
        CallNoticeKind.Cancellation => "Call cancelled",
    };

    /// <summary>"Tue 3 Dec 10:00", as a text message reads a time (English day and month names, 24-hour clock).</summary>
    public static string When(DateTimeOffset local) => local.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"1 for Tue 3 Dec 10:00, 2 for Wed 4 Dec 14:30 or 3 for Thu 5 Dec 09:00".</summary>
    public static string Options(IReadOnlyList<DateTimeOffset> localSlots)
    {
        var parts = localSlots.Select((s, i) => $"{i + 1} for {When(s)}").ToList();
        return parts.Count <= 1 ? string.Concat(parts) : string.Join(", ", parts[..^1]) + " or " + parts[^1];
    }

    public static MessageTemplate BuiltIn(CallNoticeKind kind, MessageChannel channel) => new()
    {
        Name = TemplateName(kind),
        Channel = channel,
        Subject = channel == MessageChannel.Email ? Subject(kind) : null,
        Body = channel == MessageChannel.Sms ? Sms(kind) : Email(kind),
    };

    private static string Sms(CallNoticeKind kind) => kind switch
    {
        CallNoticeKind.Offer =>
            "{% if call.previous_time %}Sorry, {{ call.previous_time }} has just been taken. {% endif %}{% if call.time %}Sorry we missed each other at {{ call.time }}. {% endif %}Hi {{ candidate.first_name | default: 'there' }}, thanks for your reply about {{ project.name }}. When suits you for a {{ call.duration_minutes }}-minute call? Reply {{ call.options }} ({{ call.time_zone }} time).",
        CallNoticeKind.Confirmation =>
            "Booked: our {{ call.duration_minutes }}-minute call about {{ project.name }} is on {{ call.time }} ({{ call.time_zone }} time). Reply here if you need to change it.",
        CallNoticeKind.Reminder =>
            "Reminder: our call about {{ project.name }} is at {{ call.time }} ({{ call.time_zone }} time). Talk soon!",
        CallNoticeKind.Update =>
            "Our call about {{ project.name }} has moved to {{ call.time }} ({{ call.time_zone }} time).",
        CallNoticeKind.Cancellation =>
            "Our call about {{ project.name }} on {{ call.time }} ({{ call.time_zone }} time) is cancelled. I will be in touch to find a new time.",
    };

    private static string Subject(CallNoticeKind kind) => kind switch
    {
        CallNoticeKind.Offer => "{{ project.name }}: when suits you for a call?",
        CallNoticeKind.Confirmation => "Call booked: {{ call.time }} ({{ call.time_zone }} time)",
        CallNoticeKind.Reminder => "Reminder: our call at {{ call.time }}",
        CallNoticeKind.Update => "Call moved to {{ call.time }} ({{ call.time_zone }} time)",
        CallNoticeKind.Cancellation => "Call cancelled: {{ call.time }}",
    };

    private static string Email(CallNoticeKind kind) => kind switch
    {
        CallNoticeKind.Offer => """
            Hi {{ candidate.first_name | default: 'there' }},

            {% if call.previous_time %}Sorry, {{ call.previous_time }} has just been taken. {% endif %}{% if call.time %}Sorry we missed each other at {{ call.time }}. {% endif %}Thanks for your reply about {{ project.name }}. When suits you for a {{ call.duration_minutes }}-minute call? Just reply with {{ call.options }} ({{ call.time_zone }} time).

            {{ recruiter.signature | default: recruiter.name | default: '' }}
            """,
        CallNoticeKind.Confirmation => """
            Hi {{ candidate.first_name | default: 'there' }},

            Our {{ call.duration_minutes }}-minute call about {{ project.name }} is booked for {{ call.time }} ({{ call.time_zone }} time). The invite is attached; reply to this email if you need to change it.

            {{ recruiter.signature | default: recruiter.name | default: '' }}
            """,
        CallNoticeKind.Reminder => """
            Hi {{ candidate.first_name | default: 'there' }},

            A reminder that our call about {{ project.name }} is at {{ call.time }} ({{ call.time_zone }} time).

            {{ recruiter.signature | default: recruiter.name | default: '' }}
            """,
        CallNoticeKind.Update => """
            Hi {{ candidate.first_name | default: 'there' }},

            Our call about {{ project.name }} has moved from {{ call.previous_time | default: 'the earlier time' }} to {{ call.time }} ({{ call.time_zone }} time). The updated invite is attached.

            {{ recruiter.signature | default: recruiter.name | default: '' }}
            """,
        CallNoticeKind.Cancellation => """
            Hi {{ candidate.first_name | default: 'there' }},

            Our call about {{ project.name }} on {{ call.time }} ({{ call.time_zone }} time) is cancelled. I will be in touch to find a new time.

            {{ recruiter.signature | default: recruiter.name | default: '' }}
            """,
    };
}
