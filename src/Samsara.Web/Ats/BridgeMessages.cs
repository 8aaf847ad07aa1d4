using System.Text.Json;
using System.Text.Json.Serialization;
using Samsara.Core.Ats;

namespace Samsara.Web.Ats;

/// <summary>
/// The bridge's wire format: one JSON object per WebSocket text message, <c>{ "v": 1, "type": ... }</c>.
/// A message of another version is answered with an error and the socket closed, so an outdated
/// extension says so instead of half-working.
/// </summary>
public static class BridgeProtocol
{
    public const int Version = 1;
    public const string SubProtocol = "samsara.ats.v1";

    /// <summary>The pairing token travels as a second offered subprotocol: a browser WebSocket cannot set headers.</summary>
    public const string TokenPrefix = "samsara.token.";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

/// <summary>Every message, inbound or outbound; only the members its type uses are set.</summary>
public sealed record BridgeMessage
{
    public int V { get; init; } = BridgeProtocol.Version;
    public required string Type { get; init; }
    public string? RequestId { get; init; }
    public Guid? SubmissionId { get; init; }
    public string? Vendor { get; init; }
    public string? Extension { get; init; }
    public PairedInfo? Pairing { get; init; }
    public FillCandidate? Candidate { get; init; }
    public IReadOnlyList<FillField>? Fields { get; init; }
    public IReadOnlyList<FieldFillResult>? Results { get; init; }
    public string? PageUrl { get; init; }
    public string? RecordUrl { get; init; }
    public string? SiteHost { get; init; }
    public string? Name { get; init; }
    public Guid? MappingId { get; init; }
    public string? Message { get; init; }

    /// <summary>candidates.search: what the recruiter typed in the popup.</summary>
    public string? Query { get; init; }

    /// <summary>candidates.found: the hits, in the order the popup shows them.</summary>
    public IReadOnlyList<AtsCandidateHit>? Candidates { get; init; }

    /// <summary>fill.request: the candidate picked in the popup, and whether a second submission was confirmed.</summary>
    public Guid? ProjectId { get; init; }
    public Guid? CandidateId { get; init; }
    public bool? Confirm { get; init; }

    /// <summary>fill.refused: why (NotFound, NotEnrolled, AlreadySubmitted), so the popup can ask before a second submission.</summary>
    public string? Reason { get; init; }
}

public sealed record PairedInfo(Guid Id, string Label);

public sealed record FillCandidate(Guid Id, string Name);

/// <summary>A field to fill: the ATS field name, its value, and where a generic mapping found it on the page.</summary>
public sealed record FillField(string Field, string Value, string? Label = null, string? Selector = null);
