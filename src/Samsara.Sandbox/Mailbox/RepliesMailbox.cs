using MimeKit;

namespace Samsara.Sandbox.Mailbox;

/// <summary>A message in the sandbox's replies mailbox, as raw RFC 5322 text (7-bit, CRLF).</summary>
public sealed record MailboxMessage(uint Uid, DateTimeOffset ReceivedAt, string Raw);

/// <summary>
/// One read of the mailbox: the messages after a UID. <see cref="UidValidity"/> changes whenever the UIDs start again
/// (a new sandbox or a reset), so a reader's remembered UID is only trusted while it is unchanged, as with IMAP.
/// </summary>
public sealed record MailboxPage(uint UidValidity, IReadOnlyList<MailboxMessage> Messages);

/// <summary>
/// The mail that scripted candidates send back to Samsara's reply addresses (replies, auto-replies, DSNs, unsubscribe
/// requests). Stands in for the replies mailbox an IMAP account would read. Mail is scheduled with a due time and
/// appears (gets its UID) only once the injected clock passes it, so tests move it with the fake clock.
/// </summary>
public sealed class RepliesMailbox(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset Due, MimeMessage Mail)> _pending = [];
    private readonly List<MailboxMessage> _delivered = [];
    private uint _uidValidity = NewUidValidity();

    public uint UidValidity
    {
        get
        {
            lock (_gate)
            {
                return _uidValidity;
            }
        }
    }

    /// <summary>Messages with a UID above <paramref name="afterUid"/>, in arrival order.</summary>
    public MailboxPage After(uint afterUid)
    {
        lock (_gate)
        {
            Advance();
            return new MailboxPage(_uidValidity, [.. _delivered.Where(m => m.Uid > afterUid)]);
        }
    }

    public MailboxMessage? Find(uint uid)
    {
        lock (_gate)
        {
            Advance();
            return _delivered.Find(m => m.Uid == uid);
        }
    }

    internal void Deliver(MimeMessage mail, DateTimeOffset due)
    {
        lock (_gate)
        {
            _pending.Add((due, mail));
        }
    }

    internal void Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
            _delivered.Clear();
            // UIDs start again at 1, so readers must not trust the UIDs they remember.
            _uidValidity = NewUidValidity();
        }
    }

    private void Advance()
    {
        var now = time.GetUtcNow();
        foreach (var due in _pending.Where(p => p.Due <= now).OrderBy(p => p.Due).ToList())
        {
            _pending.Remove(due);
            _delivered.Add(new MailboxMessage((uint)_delivered.Count + 1, due.Due, Raw(due.Mail)));
        }
    }

    private static string Raw(MimeMessage mail)
    {
        // 7-bit so the text survives any transport (JSON, HTTP) byte for byte, as it would SMTP.
        mail.Prepare(EncodingConstraint.SevenBit);
        using var stream = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        mail.WriteTo(format, stream);
        return System.Text.Encoding.ASCII.GetString(stream.ToArray());
    }

    private static uint NewUidValidity() => (uint)Random.Shared.Next(1, int.MaxValue);
}
