namespace Samsara.Core.Common;

/// <summary>
/// Tells open pages that something in a project changed so they refresh without a reload.
/// In-process only; team mode across nodes will need the database to carry these signals.
/// </summary>
public sealed class ChangeFeed
{
    public event Action<ProjectChange>? Changed;

    public void Publish(Guid? projectId, string what) => Changed?.Invoke(new ProjectChange(projectId, what));
}

/// <param name="ProjectId">Null when the change is not tied to one project (a new project, settings).</param>
/// <param name="What">A short tag such as "candidates" or "project", for subscribers that care about one kind.</param>
public sealed record ProjectChange(Guid? ProjectId, string What);
