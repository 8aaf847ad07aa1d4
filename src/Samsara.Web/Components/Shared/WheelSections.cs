namespace Samsara.Web.Components.Shared;

/// <summary>
/// One segment of the Samsara Wheel. Features add their own when they are built, so the wheel
/// never shows a section that has nothing behind it.
/// </summary>
/// <param name="Slug">The route segment under /project/{id}/.</param>
/// <param name="Count">The live badge number, or null for a section without one.</param>
/// <param name="Alert">Something waiting for the recruiter (unread replies), shown as a red dot with its number when above 0.</param>
public sealed record WheelSection(
    string Slug,
    string Title,
    string Icon,
    int Order,
    Func<IServiceProvider, Guid, CancellationToken, Task<int?>>? Count,
    Func<IServiceProvider, Guid, CancellationToken, Task<int>>? Alert = null);

public sealed class WheelSections(IEnumerable<WheelSection> sections)
{
    public IReadOnlyList<WheelSection> All { get; } = [.. sections.OrderBy(s => s.Order)];
}

public static class WheelSectionRegistration
{
    public static IHostApplicationBuilder AddWheelSection(this IHostApplicationBuilder builder, WheelSection section)
    {
        builder.Services.AddSingleton(section);
        return builder;
    }
}
