namespace Samsara.Core.Outreach.Consent;

/// <summary>
/// One opt-out or opt-in of a contact (an E.164 number or a lower-case email address), append-only. The newest entry
/// for a contact and channel decides, in every project: an opted-out number is texted by no project.
/// </summary>
public sealed class ConsentEntry
{
    public Guid Id { get; set; }
    public required string Contact { get; set; }
    public ConsentChannel Channel { get; set; }
    public ConsentKind Kind { get; set; }
    public ConsentSource Source { get; set; }
    public string? Detail { get; set; }

    /// <summary>The project in which it happened (for the record; the entry applies to all projects).</summary>
    public Guid? ProjectId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

/// <summary>A phone number's consent covers SMS and calls; an address's covers email.</summary>
public enum ConsentChannel
{
    Phone,
    Email,
}

public enum ConsentKind
{
    OptOut,
    OptIn,
}

public enum ConsentSource
{
    /// <summary>STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, ... by SMS.</summary>
    StopKeyword,

    /// <summary>START, UNSTOP or YES by SMS.</summary>
    StartKeyword,

    /// <summary>Twilio refused a send with error 21610 (the number opted out at the carrier).</summary>
    Carrier21610,

    /// <summary>Mail to the List-Unsubscribe address, or a reply asking to unsubscribe.</summary>
    UnsubscribeMail,
    RecruiterClick,

    /// <summary>A reply asking, in words, not to be contacted ("please stop texting me", "ne me contactez plus").</summary>
    ReplyWords,
}
