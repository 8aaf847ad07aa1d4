using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Samsara.Core.Email;

namespace Samsara.Core.Scheduling.Notices;

/// <summary>
/// The calendar invite attached to a confirmation, change or cancellation email (RFC 5545, via Ical.Net). One UID per
/// call, with the call's revision as SEQUENCE, so the candidate's calendar replaces the event when the time moves and
/// removes it on METHOD:CANCEL.
/// </summary>
public static class CallInvite
{
    public const string FileName = "invite.ics";

    public static string Uid(Guid callId) => $"{callId:N}@samsara.local";

    public sealed record Details(
        Guid CallId, int Revision, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Summary, string Description,
        string? OrganizerEmail, string? OrganizerName, string? AttendeeEmail, string? AttendeeName, DateTimeOffset Stamp);

    public static string Request(Details d) => Build(d, cancel: false);

    public static string Cancel(Details d) => Build(d, cancel: true);

    public static EmailAttachment Attachment(string ics, bool cancel) =>
        new(FileName, $"text/calendar; charset=utf-8; method={(cancel ? "CANCEL" : "REQUEST")}", Encoding.UTF8.GetBytes(ics));

    private static string Build(Details d, bool cancel)
    {
        var calendar = new Calendar { Method = cancel ? "CANCEL" : "REQUEST" };
        calendar.AddProperty("PRODID", "-//Samsara//Recruiter calls//EN");
        var e = new CalendarEvent
        {
            Uid = Uid(d.CallId),
            Sequence = d.Revision,
            DtStamp = new CalDateTime(d.Stamp.UtcDateTime),
            DtStart = new CalDateTime(d.StartsAt.UtcDateTime),
            DtEnd = new CalDateTime(d.EndsAt.UtcDateTime),
            Summary = d.Summary,
            Description = d.Description,
            Status = cancel ? EventStatus.Cancelled : EventStatus.Confirmed,
        };
        if (d.OrganizerEmail is { } organizer)
        {
            e.Organizer = new Organizer("mailto:" + organizer) { CommonName = d.OrganizerName };
        }

        if (d.AttendeeEmail is { } attendee)
        {
            e.Attendees.Add(new Attendee("mailto:" + attendee)
            {
                CommonName = d.AttendeeName,
                Role = ParticipationRole.RequiredParticipant,
                ParticipationStatus = cancel ? EventParticipationStatus.Declined : EventParticipationStatus.NeedsAction,
                Rsvp = !cancel,
            });
        }

        calendar.Events.Add(e);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }
}
