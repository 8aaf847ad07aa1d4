using System.Buffers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Samsara.Core.Common;

/// <summary>
/// What may be stored in a text field. NUL and other control characters (tab, line feed and carriage return aside) are
/// removed: PostgreSQL refuses NUL outright and the others only hide text or break displays. Bidi override, embedding and
/// isolate characters are removed too: in a name or file label they reorder what the recruiter reads
/// ("invoice‮fdp.exe"); ordinary right-to-left text needs none of them.
/// </summary>
public static class TextSanitiser
{
    private static readonly SearchValues<char> Unwanted = SearchValues.Create(
    [
        .. Enumerable.Range(0, 32).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c),
        .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c), // DEL and the C1 controls
        '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', // embeddings and overrides
        '\u2066', '\u2067', '\u2068', '\u2069', // isolates
    ]);

    public static bool NeedsCleaning(string text) => text.AsSpan().ContainsAny(Unwanted);

    /// <summary>The text without the characters above; the same instance when there were none.</summary>
    public static string Clean(string text)
    {
        var first = text.AsSpan().IndexOfAny(Unwanted);
        if (first < 0)
        {
            return text;
        }

        return string.Create(text.Length - Count(text, first), (text, first), static (span, state) =>
        {
            state.text.AsSpan(0, state.first).CopyTo(span);
            var at = state.first;
            foreach (var c in state.text.AsSpan(state.first))
            {
                if (!Unwanted.Contains(c))
                {
                    span[at++] = c;
                }
            }
        });
    }

    private static int Count(string text, int from)
    {
        var count = 0;
        foreach (var c in text.AsSpan(from))
        {
            if (Unwanted.Contains(c))
            {
                count++;
            }
        }

        return count;
    }
}

/// <summary>
/// Cleans every text property of every row written through EF Core (<see cref="TextSanitiser"/>), so no form, API call,
/// import or sync can store what one database accepts and the other refuses. Bulk updates bypass it; they write values
/// the app computed, not what someone typed.
/// </summary>
public sealed class TextSanitisingInterceptor : SaveChangesInterceptor
{
    public static readonly TextSanitisingInterceptor Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Clean(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Clean(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Clean(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string text && TextSanitiser.NeedsCleaning(text))
                {
                    property.CurrentValue = TextSanitiser.Clean(text);
                }
            }
        }
    }
}
