using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Candidates;

/// <summary>What a recruiter types to add or edit a candidate by hand.</summary>
public sealed class CandidateInput
{
    [Required(ErrorMessage = "A candidate needs a name.")]
    [StringLength(200, ErrorMessage = "Keep the name under 200 characters.")]
    public string? FullName { get; set; }

    [EmailAddress(ErrorMessage = "That is not an email address.")]
    [StringLength(320)]
    public string? Email { get; set; }

    [RegularExpression(@"^\+?[0-9 ()\-.]{5,30}$", ErrorMessage = "A phone number has digits, spaces, dashes or brackets, optionally starting with +.")]
    public string? Phone { get; set; }

    [StringLength(200)]
    public string? Location { get; set; }

    [StringLength(200)]
    public string? CurrentTitle { get; set; }

    [StringLength(10_000, ErrorMessage = "Notes are limited to 10,000 characters.")]
    public string? Notes { get; set; }
}

public sealed class JobDescriptionInput
{
    [StringLength(200)]
    public string? Title { get; set; }

    [Required(ErrorMessage = "Paste the job description text.")]
    [StringLength(200_000, ErrorMessage = "The job description is limited to 200,000 characters.")]
    public string? Text { get; set; }
}

/// <summary>Columns the candidate list can be sorted by.</summary>
public enum CandidateSort
{
    Name,
    Email,
    Location,
    Title,
    Created,
    Updated,
}

public sealed record CandidateQuery(int Page = 1, int PageSize = 50, CandidateSort Sort = CandidateSort.Name, bool Descending = false, string? Search = null);

public sealed record CandidatePage(IReadOnlyList<Candidate> Items, int Total, int Page, int PageSize);
