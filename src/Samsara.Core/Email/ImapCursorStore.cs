using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;

namespace Samsara.Core.Email;

/// <summary>Where reading a mailbox got to: the folder's UIDVALIDITY and the last UID handled.</summary>
public sealed record ImapCursor(uint UidValidity, uint LastUid);

/// <summary>
/// Persists <see cref="ImapCursor"/>s in the app_meta table, so a restart resumes after the last handled
/// message instead of handling it again.
/// </summary>
public sealed class ImapCursorStore(IDbContextFactory<SamsaraDbContext> dbFactory)
{
    public async Task<ImapCursor?> GetAsync(ImapSettings mailbox, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = Key(mailbox);
        var row = await db.AppMeta.AsNoTracking().SingleOrDefaultAsync(m => m.Key == key, ct);
        if (row is null)
        {
            return null;
        }

        var parts = row.Value.Split(':');
        return new ImapCursor(uint.Parse(parts[0], CultureInfo.InvariantCulture), uint.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public async Task SaveAsync(ImapSettings mailbox, ImapCursor cursor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = Key(mailbox);
        var value = string.Create(CultureInfo.InvariantCulture, $"{cursor.UidValidity}:{cursor.LastUid}");
        var row = await db.AppMeta.SingleOrDefaultAsync(m => m.Key == key, ct);
        if (row is null)
        {
            db.AppMeta.Add(new Data.AppMeta { Key = key, Value = value });
        }
        else
        {
            row.Value = value;
        }

        await db.SaveChangesAsync(ct);
    }

    // The key names the mailbox, not the account row: re-entering the same account must not re-read the inbox.
    internal static string Key(ImapSettings mailbox)
    {
        var identity = $"{mailbox.Host.ToLowerInvariant()}|{mailbox.Port}|{mailbox.Username.ToLowerInvariant()}|{mailbox.Folder}";
        return "imap-cursor:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }
}
