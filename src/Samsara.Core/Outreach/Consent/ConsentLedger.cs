using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;

namespace Samsara.Core.Outreach.Consent;

/// <summary>Reads and writes the consent ledger inside the caller's unit of work (so a consent entry commits with the state move).</summary>
public static class ConsentLedger
{
    public static string Normalise(string contact, ConsentChannel channel) => channel switch
    {
        ConsentChannel.Email => contact.Trim().ToLowerInvariant(),
        ConsentChannel.Phone => contact.Trim(),
    };

    /// <summary>
    /// What an erased person's opt-out is kept under: a one-way hash of the normalised contact, so the ledger no longer
    /// holds the number or address but still answers "opted out" when it is met again (see docs/decisions/candidate-erasure.md).
    /// </summary>
    public static string ErasedKey(string contact, ConsentChannel channel)
    {
        var normalised = contact.StartsWith(ErasedPrefix, StringComparison.Ordinal) ? contact : Normalise(contact, channel);
        if (normalised.StartsWith(ErasedPrefix, StringComparison.Ordinal))
        {
            return normalised;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"samsara/erased-contact/v1/{channel}/{normalised}"));
        return ErasedPrefix + Convert.ToHexStringLower(hash);
    }

    /// <summary>Marks a consent contact kept only as a hash after an erasure.</summary>
    public const string ErasedPrefix = "erased:";

    public static void Record(
        SamsaraDbContext db, string contact, ConsentChannel channel, ConsentKind kind, ConsentSource source, string? detail, Guid? projectId, DateTimeOffset at) =>
        db.ConsentEntries.Add(new ConsentEntry
        {
            Id = Guid.CreateVersion7(at),
            Contact = Normalise(contact, channel),
            Channel = channel,
            Kind = kind,
            Source = source,
            Detail = detail is { Length: > 1000 } ? detail[..1000] : detail,
            ProjectId = projectId,
            OccurredAt = at,
        });

    /// <summary>The entry in force for a contact, or null when it never opted out or in.</summary>
    public static Task<ConsentEntry?> CurrentAsync(SamsaraDbContext db, string? contact, ConsentChannel channel, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(contact))
        {
            return Task.FromResult<ConsentEntry?>(null);
        }

        var key = Normalise(contact, channel);
        var erased = ErasedKey(key, channel);
        return db.ConsentEntries.AsNoTracking()
            .Where(e => (e.Contact == key || e.Contact == erased) && e.Channel == channel)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The entries in force for many contacts of one channel in one query, keyed by normalised contact.</summary>
    public static async Task<Dictionary<string, ConsentEntry>> CurrentManyAsync(
        SamsaraDbContext db, IEnumerable<string?> contacts, ConsentChannel channel, CancellationToken ct)
    {
        var keys = contacts.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => Normalise(c!, channel)).Distinct().ToList();
        if (keys.Count == 0)
        {
            return [];
        }

        // An erased person's opt-out is found by the hash of the contact, and answered under the contact itself.
        var byErased = keys.ToDictionary(k => ErasedKey(k, channel), k => k, StringComparer.Ordinal);
        var lookFor = keys.Concat(byErased.Keys).ToList();
        var entries = await db.ConsentEntries.AsNoTracking().Where(e => lookFor.Contains(e.Contact) && e.Channel == channel).ToListAsync(ct);
        return entries.GroupBy(e => byErased.GetValueOrDefault(e.Contact, e.Contact))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).First());
    }

    /// <summary>Why a contact must not be messaged, or null when it may be.</summary>
    public static async Task<string?> BlockedReasonAsync(SamsaraDbContext db, string? contact, ConsentChannel channel, CancellationToken ct) =>
        BlockedReason(await CurrentAsync(db, contact, channel, ct), contact, channel);

    /// <summary>Why a contact must not be messaged given the entry in force, or null when it may be.</summary>
    public static string? BlockedReason(ConsentEntry? current, string? contact, ConsentChannel channel) =>
        current is { Kind: ConsentKind.OptOut } e
            ? $"Opted out: {Normalise(contact!, channel)} ({Describe(e.Source)}, {e.OccurredAt:u})"
            : null;

    public static string Describe(ConsentSource source) => source switch
    {
        ConsentSource.StopKeyword => "STOP by SMS",
        ConsentSource.StartKeyword => "START by SMS",
        ConsentSource.Carrier21610 => "Twilio 21610",
        ConsentSource.UnsubscribeMail => "unsubscribe mail",
        ConsentSource.RecruiterClick => "recruiter",
        ConsentSource.ReplyWords => "asked in a reply",
    };
}
