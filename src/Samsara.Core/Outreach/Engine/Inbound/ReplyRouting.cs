using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Engine.Inbound;

/// <summary>
/// Which conversations an inbound SMS belongs to. One number of ours serves every project, so the same phone can be
/// a candidate in several projects. The rule:
/// <list type="number">
/// <item>An opt-out (STOP family) applies to every sequence of that phone: the carrier blocks the number for our whole sender.</item>
/// <item>Otherwise the reply goes to the sequences awaiting a reply (OUTREACH_SENT or AWAITING_REPLY).</item>
/// <item>If none is awaiting, to the sequence we texted last: it is kept on that timeline as a late reply (nothing is lost).</item>
/// </list>
/// Numbers are compared by digits, so "+44 7700 900123", "447700900123" and "+447700900123" are one phone.
/// </summary>
internal static class ReplyRouting
{
    /// <summary>"+" and the digits, or null when there are too few digits to be a phone number.</summary>
    public static string? Normalise(string? phone)
    {
        if (phone is null)
        {
            return null;
        }

        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        // "00" is the international prefix written out (0044… for +44…).
        if (digits.StartsWith("00", StringComparison.Ordinal) && !phone.TrimStart().StartsWith('+'))
        {
            digits = digits[2..];
        }

        return digits.Length >= 7 ? "+" + digits : null;
    }

    /// <summary>Every sequence, in any project and state, of the candidates with this phone.</summary>
    public static async Task<IReadOnlyList<OutreachSequence>> SequencesOfPhoneAsync(SamsaraDbContext db, string from, CancellationToken ct)
    {
        if (Normalise(from) is not { } phone)
        {
            return [];
        }

        var digits = phone[1..];
        // Stored numbers may carry spaces, dashes or brackets when typed by hand; strip them in SQL (both databases
        // translate REPLACE) and compare digits exactly.
        return await (
            from s in db.OutreachSequences
            join c in db.Candidates on s.CandidateId equals c.Id
            where c.Phone != null
                && c.Phone.Replace(" ", "").Replace("-", "").Replace("(", "").Replace(")", "").Replace(".", "").Replace("+", "") == digits
            select s).AsNoTracking().ToListAsync(ct);
    }

    public static async Task<IReadOnlyList<OutreachSequence>> TargetsAsync(SamsaraDbContext db, string from, bool optOut, CancellationToken ct)
    {
        var sequences = await SequencesOfPhoneAsync(db, from, ct);
        if (sequences.Count == 0)
        {
            return [];
        }

        var active = sequences.Where(s => CandidateStateMachine.IsActive(s.Status)).ToList();
        if (optOut)
        {
            return active;
        }

        var awaiting = active.Where(s => s.Status is CandidateState.OutreachSent or CandidateState.AwaitingReply).ToList();
        if (awaiting.Count > 0)
        {
            return awaiting;
        }

        var ids = sequences.Select(s => s.Id).ToList();
        var lastTexted = await db.Messages
            .Where(m => ids.Contains(m.SequenceId) && m.Direction == MessageDirection.Outbound && m.Channel == MessageChannel.Sms && m.SentAt != null)
            .OrderByDescending(m => m.SentAt)
            .Select(m => (Guid?)m.SequenceId)
            .FirstOrDefaultAsync(ct);
        return lastTexted is { } id ? [sequences.Single(s => s.Id == id)] : [];
    }
}
