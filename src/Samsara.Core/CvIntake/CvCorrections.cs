using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Candidates;
using Samsara.Core.Common;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Data;
using Samsara.Core.Matching;
using Samsara.Core.Projects;

namespace Samsara.Core.CvIntake;

/// <summary>What the recruiter corrects of a parsed CV in the candidate drawer.</summary>
public sealed class CvCorrectionInput
{
    [Required(ErrorMessage = "A candidate needs a name.")]
    [StringLength(200, ErrorMessage = "Keep the name under 200 characters.")]
    public string? FullName { get; set; }

    public List<string> Emails { get; set; } = [];

    /// <summary>As typed; each must resolve to a valid E.164 number (national formats use the project's region).</summary>
    public List<string> Phones { get; set; } = [];

    [StringLength(200)]
    public string? CurrentTitle { get; set; }

    [StringLength(200)]
    public string? Location { get; set; }

    public List<string> Skills { get; set; } = [];
}

/// <summary>
/// Saves a recruiter's corrections to the parsed fields. Corrected fields get confidence 1 (a person checked them),
/// the first email and phone become the ones outreach uses, and the candidate's new UpdatedAt makes its score stale,
/// so the match refresher rescores it.
/// </summary>
public sealed class CvCorrections(IDbContextFactory<SamsaraDbContext> dbFactory, SkillCatalog skills, ChangeFeed changes, TimeProvider clock)
{
    private const double Confirmed = 1.0;
    private static readonly EmailAddressAttribute EmailCheck = new();

    /// <returns>The saved candidate, or null when it does not exist.</returns>
    /// <exception cref="InputValidationException">A field is invalid; nothing is saved.</exception>
    public async Task<Candidate?> SaveAsync(Guid projectId, Guid candidateId, CvCorrectionInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var region = await db.Projects.Where(p => p.Id == projectId).Select(p => p.DefaultPhoneRegion).SingleOrDefaultAsync(ct);
        var candidate = region is null ? null : await db.Candidates.SingleOrDefaultAsync(c => c.ProjectId == projectId && c.Id == candidateId, ct);
        if (candidate is null)
        {
            return null;
        }

        var (emails, phones, skillList) = Validate(input, region!);
        var now = clock.GetUtcNow();
        var cv = CvDocument.FromJson(candidate.CvJson) ?? new CvDocument();
        cv.FullName = new CvField<string>(input.FullName!.Trim(), Confirmed);
        cv.Emails = emails.Count == 0 ? null : new CvField<IReadOnlyList<string>>(emails, Confirmed);
        cv.Phones = phones.Count == 0 ? null : new CvField<IReadOnlyList<string>>(phones, Confirmed);
        cv.CurrentTitle = Clean(input.CurrentTitle) is { } title ? new CvField<string>(title, Confirmed) : null;
        cv.Location = Clean(input.Location) is { } location ? new CvField<string>(location, Confirmed) : null;
        cv.Skills = skillList.Count == 0 ? null : new CvField<IReadOnlyList<string>>(skillList, Confirmed);

        candidate.FullName = cv.FullName.Value;
        candidate.Email = emails.FirstOrDefault();
        candidate.Phone = phones.FirstOrDefault();
        candidate.CurrentTitle = cv.CurrentTitle?.Value;
        candidate.Location = cv.Location?.Value;
        candidate.CvJson = cv.ToJson();
        candidate.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await ProjectService.TouchAsync(db, projectId, now, ct);
        changes.Publish(projectId, "candidates");
        return candidate;
    }

    private (List<string> Emails, List<string> Phones, List<string> Skills) Validate(CvCorrectionInput input, string region)
    {
        var errors = InputValidation.Validate(input);
        var emails = Distinct(input.Emails).Select(e => e.ToLowerInvariant()).ToList();
        var badEmails = emails.Where(e => e.Length > 320 || !EmailCheck.IsValid(e)).ToList();
        if (badEmails.Count > 0)
        {
            errors["emails"] = [.. badEmails.Select(e => $"'{e}' is not an email address.")];
        }

        var phones = new List<string>();
        var badPhones = new List<string>();
        foreach (var typed in Distinct(input.Phones))
        {
            if (PhoneFinder.ToE164(typed, region) is { } e164)
            {
                if (!phones.Contains(e164))
                {
                    phones.Add(e164);
                }
            }
            else
            {
                badPhones.Add($"'{typed}' is not a valid phone number: write it with its country code, e.g. +44 7911 123456.");
            }
        }

        if (badPhones.Count > 0)
        {
            errors["phones"] = [.. badPhones];
        }

        var skillList = Distinct(input.Skills).Select(skills.Canonical).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (skillList.Any(s => s.Length > 100))
        {
            errors["skills"] = ["Keep each skill under 100 characters."];
        }

        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }

        return (emails, phones, skillList);
    }

    private static IEnumerable<string> Distinct(IEnumerable<string>? values) =>
        (values ?? []).Select(v => v?.Trim()).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.OrdinalIgnoreCase);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
