namespace Samsara.Core.Common;

/// <summary>
/// Tells open pages that something in a project changed so they refresh without a reload. In-process; on PostgreSQL
/// <see cref="CrossNodeChanges"/> carries each change to the other nodes (LISTEN/NOTIFY) and publishes theirs here.
/// </summary>
public sealed class ChangeFeed
{
    public event Action<ProjectChange>? Changed;

    public void Publish(Guid? projectId, string what) => Publish(new ProjectChange(projectId, what));

    public void Publish(ProjectChange change) => Changed?.Invoke(change);
}

/// <param name="ProjectId">Null when the change is not tied to one project (a new project, settings).</param>
/// <param name="What">A short tag such as "candidates" or "project", for subscribers that care about one kind.</param>
/// <param name="FromOtherNode">True when another Samsara node made the change (so it is not sent back out).</param>
public sealed record ProjectChange(Guid? ProjectId, string What, bool FromOtherNode = false);
