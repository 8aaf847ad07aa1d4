using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Samsara.Sandbox.Infrastructure;
using Samsara.Sandbox.Mailbox;

namespace Samsara.Sandbox.SendGrid;

/// <summary>An accepted Mail Send request and whether its recipients' scripts make it bounce.</summary>
public sealed record SentMail(string MessageId, IReadOnlyList<string> To, JsonElement Request, DateTimeOffset AcceptedAt, bool Bounced);

/// <summary>
/// Mail accepted by the SendGrid simulator. Scripted recipients answer into the <see cref="RepliesMailbox"/>
/// (see <see cref="ScriptedMailAnswers"/>); delivery itself is not simulated beyond that.
/// </summary>
public sealed class SentMailStore(ScriptBook scripts, ScriptedMailAnswers answers)
{
    private readonly ConcurrentQueue<SentMail> _mail = new();

    internal string Add(IReadOnlyList<string> to, JsonElement request, DateTimeOffset at)
    {
        // X-Message-Id is a 22-character URL-safe token in the real service.
        var id = WebEncoders.Base64UrlEncode(Guid.NewGuid().ToByteArray())[..22];
        var bounced = to.Any(address => scripts.For(address).Behaviour == CandidateBehaviour.Bounce);
        _mail.Enqueue(new SentMail(id, to, request, at, bounced));
        answers.Received(request, at);
        return id;
    }

    public IReadOnlyList<SentMail> All() => [.. _mail];

    internal void Clear()
    {
        _mail.Clear();
        answers.Clear();
    }
}
