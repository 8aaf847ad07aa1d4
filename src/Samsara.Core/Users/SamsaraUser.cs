using Microsoft.AspNetCore.Identity;

namespace Samsara.Core.Users;

/// <summary>A person who signs in to Samsara in team mode (local mode has no users).</summary>
public sealed class SamsaraUser : IdentityUser<Guid>
{
    /// <summary>The name shown in the app bar and, later, on what this user does.</summary>
    public string DisplayName { get; set; } = "";

    public UserRole Role { get; set; } = UserRole.Recruiter;

    /// <summary>A disabled user cannot sign in and their sessions end at the next cookie check.</summary>
    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One role per user: what they may do is a single ladder, so a set of roles would only add combinations.</summary>
public enum UserRole
{
    Viewer,
    Recruiter,
    Admin,
}
