using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;

namespace Samsara.Core.Outreach.Engine;

/// <summary>Addresses that bounced: marked on every candidate carrying them, in every project, so no step mails them again.</summary>
internal static class EmailProblems
{
    public static Task MarkAsync(SamsaraDbContext db, string address, string reason, CancellationToken ct)
    {
        var key = address.Trim().ToLowerInvariant();
        // ToLower translates to SQL on both databases; string.Equals with a comparison does not.
#pragma warning disable CA1862
        return db.Candidates
            .Where(c => c.Email != null && c.Email.Trim().ToLower() == key)
#pragma warning restore CA1862
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.EmailProblem, reason.Length > 500 ? reason[..500] : reason), ct);
    }
}
