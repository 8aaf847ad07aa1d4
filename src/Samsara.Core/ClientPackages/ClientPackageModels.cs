namespace Samsara.Core.ClientPackages;

public enum AnonymousName
{
    /// <summary>"Candidate 2026-002".</summary>
    Reference,

    /// <summary>"J. S.".</summary>
    Initials,
}

/// <param name="Anonymise">Null takes the project's "anonymise by default" setting.</param>
/// <param name="Excerpts">Per candidate, the indexes of the call turns to quote (2-4); a candidate left out gets the knock-out answers.</param>
/// <param name="RedactTerms">More words to remove when anonymised (a current employer's name).</param>
/// <param name="IncludeOriginalCv">Attach the CV as received; refused when anonymised.</param>
public sealed record PackageRequest(
    IReadOnlyList<Guid>? CandidateIds,
    bool? Anonymise = null,
    AnonymousName Naming = AnonymousName.Reference,
    IReadOnlyDictionary<Guid, IReadOnlyList<int>>? Excerpts = null,
    IReadOnlyList<string>? RedactTerms = null,
    bool IncludeOriginalCv = false);

public sealed record PackageView(
    Guid Id, Guid ProjectId, bool Anonymised, ClientPackageStatus Status, IReadOnlyList<PackageFile> Files,
    IReadOnlyList<Guid> CandidateIds, string? SentTo, string? SentCc, DateTimeOffset? SentAt, int SendCount,
    string? EmailSubject, string? EmailText, DateTimeOffset CreatedAt);

/// <param name="Confirm">Required to send a package that was already sent.</param>
public sealed record SendPackageRequest(string? To, IReadOnlyList<string>? Cc = null, string? Subject = null, string? Message = null, bool Confirm = false);

public enum SendOutcome
{
    Sent,
    NotFound,

    /// <summary>Already sent once: the caller must confirm (409).</summary>
    NeedsConfirmation,
    Failed,
}

public sealed record SendResult(SendOutcome Outcome, PackageView? Package, string? Message = null);

public sealed class ClientPackageOptions
{
    public const string Section = "Samsara:ClientPackages";

    /// <summary>A folder with DejaVuSans.ttf, DejaVuSans-Bold.ttf and optionally DroidSansFallbackFull.ttf (CJK).</summary>
    public string? FontFolder { get; set; }

    public int MaxCandidates { get; set; } = 20;

    /// <summary>The email's text; {{ client_name }}, {{ project }}, {{ candidates }}, {{ count }} and {{ signature }} are filled in.</summary>
    public string MessageTemplate { get; set; } =
        "Dear {{ client_name }},\n\nPlease find attached {{ count }} candidate(s) for {{ project }}:\n\n{{ candidates }}\n\n" +
        "Each has a CV and a one-page screening summary; the comparison page comes first.\n\n{{ signature }}";
}
