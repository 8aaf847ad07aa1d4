using Samsara.Core.Projects;

namespace Samsara.Web.Projects;

internal static class ProjectSettings
{
    public static ProjectSettingsInput From(Project p) => new()
    {
        DefaultPhoneRegion = p.DefaultPhoneRegion,
        ReplyWindowMinutes = p.ReplyWindowMinutes,
        QuietHoursStartMinute = p.QuietHoursStartMinute,
        QuietHoursEndMinute = p.QuietHoursEndMinute,
        OverdueReplanMinutes = p.OverdueReplanMinutes,
        RetentionDays = p.RetentionDays,
        AnonymiseClientPackages = p.AnonymiseClientPackages,
    };
}
