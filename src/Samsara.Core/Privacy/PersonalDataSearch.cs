using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;

namespace Samsara.Core.Privacy;

/// <summary>One candidate row that holds a searched-for contact, in whichever project it is.</summary>
public sealed record PersonFound(Guid CandidateId, Guid ProjectId, string ProjectName, string FullName, string? Email, string? Phone, DateTimeOffset CreatedAt);

/// <summary>"What do we hold on this person?": every candidate, in every project, with that email address or phone number.</summary>
public sealed class PersonalDataSearch(IDbContextFactory<SamsaraDbContext> dbFactory)
{
    public async Task<IReadOnlyList<PersonFound>> FindAsync(string contact, CancellationToken ct = default)
    {
        var text = contact.Trim();
        if (text.Length == 0)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Candidates.AsNoTracking();
        if (text.Contains('@', StringComparison.Ordinal))
        {
            var email = text.ToLowerInvariant();
#pragma warning disable CA1862 // EF turns ToLower into SQL on both databases; string.Equals with a comparison is not translated.
            query = query.Where(c => c.Email != null && c.Email.ToLower() == email);
#pragma warning restore CA1862
        }
        else
        {
            // Phones are stored in E.164 when they could be read; a search may be typed with spaces, dashes or brackets.
            var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length < 6)
            {
                return [];
            }

            // Numbers that could not be normalised are kept as written, so spacing, punctuation and the + are ignored on both sides.
            query = query.Where(c => c.Phone != null
                && c.Phone.Replace("+", "").Replace(" ", "").Replace("-", "").Replace("(", "").Replace(")", "").Replace(".", "") == digits);
        }

        var rows = await query
            .Join(db.Projects, c => c.ProjectId, p => p.Id, (c, p) => new { c.Id, ProjectId = p.Id, ProjectName = p.Name, c.FullName, c.Email, c.Phone, c.CreatedAt })
            .Take(500)
            .ToListAsync(ct);
        return rows
            .Select(r => new PersonFound(r.Id, r.ProjectId, r.ProjectName, r.FullName, r.Email, r.Phone, r.CreatedAt))
            .OrderBy(f => f.ProjectName, StringComparer.CurrentCultureIgnoreCase).ThenBy(f => f.FullName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }
}
