using System.Collections.Concurrent;
using System.Text.Json;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Mailbox;

/// <summary>
/// What scripted candidates do with an email they receive: reply, auto-reply, bounce or unsubscribe, into the
/// <see cref="RepliesMailbox"/> after the script's delay. Unscripted and never-reply addresses send nothing.
/// </summary>
public sealed class ScriptedMailAnswers(ScriptBook scripts, RepliesMailbox mailbox)
{
    // A person answers a conversation once, and RFC 3834 asks autoresponders not to repeat themselves; a bounce
    // happens to every message.
    private readonly ConcurrentDictionary<(string Address, CandidateBehaviour Behaviour), bool> _answered = new();

    internal void Received(JsonElement request, DateTimeOffset acceptedAt)
    {
        foreach (var personalization in request.GetProperty("personalizations").EnumerateArray())
        {
            if (!personalization.TryGetProperty("to", out var to))
            {
                continue;
            }

            foreach (var recipient in to.EnumerateArray())
            {
                var address = recipient.GetProperty("email").GetString()!;
                var name = recipient.TryGetProperty("name", out var n) ? n.GetString() : null;
                Answer(scripts.For(address), name, OurMail.From(request, personalization), acceptedAt);
            }
        }
    }

    private void Answer(CandidateScript script, string? name, OurMail mail, DateTimeOffset acceptedAt)
    {
        var due = acceptedAt + script.ReplyDelay;
        var candidate = new CandidateMail(script.Address, name, mail, due);
        var answer = script.Behaviour switch
        {
            CandidateBehaviour.ReplyAfterDelay => candidate.Reply(script.ReplyText ?? "Yes, I'm interested. Tell me more."),
            CandidateBehaviour.ReplyStop => candidate.Reply("STOP"),
            CandidateBehaviour.OutOfOffice => candidate.OutOfOffice(),
            CandidateBehaviour.Unsubscribe => candidate.Unsubscribe(),
            CandidateBehaviour.Bounce => candidate.Bounce(),
            _ => null,
        };
        if (answer is null)
        {
            return;
        }

        if (script.Behaviour != CandidateBehaviour.Bounce && !_answered.TryAdd((script.Address.ToLowerInvariant(), script.Behaviour), true))
        {
            return;
        }

        mailbox.Deliver(answer, due);
    }

    internal void Clear() => _answered.Clear();
}
