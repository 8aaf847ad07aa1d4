namespace Samsara.Core.Outreach.Listing;

/// <summary>What the engine does next for a candidate, as the Outreach table filters it.</summary>
public enum NextActionFilter
{
    Sms,
    Email,
    AiCall,
    ReplyWindow,
    /// <summary>Nothing queued: the sequence is done, stopped or stuck.</summary>
    Nothing,
}

public enum OutreachSort
{
    Updated,
    Name,
    State,
    Since,
}

/// <summary>Which enrolled candidates a view or a bulk action covers. Every part is optional; all given must hold.</summary>
/// <param name="ProblemsOnly">Only candidates with a failed send or a step that could not reach them.</param>
public sealed record OutreachFilter(CandidateState? State = null, NextActionFilter? Next = null, bool ProblemsOnly = false, string? Search = null);

public sealed record OutreachQuery(int Page = 1, int PageSize = 50, OutreachSort Sort = OutreachSort.Updated, bool Descending = true, OutreachFilter? Filter = null)
{
    public const int MaxPageSize = 500;
}

public sealed record OutreachPage(IReadOnlyList<OutreachRow> Items, int Total, int Page, int PageSize);

/// <summary>How many candidates are in each state, and how many have a problem, for the funnel chips.</summary>
public sealed record OutreachCounts(int Total, IReadOnlyDictionary<CandidateState, int> ByState, int Problems);

/// <summary>
/// The candidates a bulk action is for: listed ones, or every one matching a filter (so "all 10,000 matching" is one
/// query, never a list sent from the browser).
/// </summary>
public sealed record OutreachSelection(IReadOnlyList<Guid>? CandidateIds = null, OutreachFilter? Matching = null, IReadOnlyList<Guid>? SequenceIds = null)
{
    public static OutreachSelection Everyone { get; } = new(Matching: new OutreachFilter());
}

/// <summary>What a bulk action would do: how many it changes, and who among them has written back (worth a second thought).</summary>
public sealed record BulkImpact(int Count, IReadOnlyList<string> Names, int Replied, IReadOnlyList<string> RepliedNames);

/// <summary>The enrolments a bulk action changed, so it can be undone exactly.</summary>
public sealed record BulkResult(int Changed, IReadOnlyList<Guid> SequenceIds);

public enum NeedsYouKind
{
    Reply,
    OutOfOffice,
    Problem,
}

/// <summary>One candidate waiting for the recruiter, with why in words.</summary>
public sealed record NeedsYouItem(Guid CandidateId, string Name, string Why, NeedsYouKind Kind, DateTimeOffset At);
