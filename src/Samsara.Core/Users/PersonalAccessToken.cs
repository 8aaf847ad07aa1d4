namespace Samsara.Core.Users;

/// <summary>
/// A REST API token a user made for a script. Only the SHA-256 of the secret is stored: the secret is shown once, and a
/// database leak does not hand out working tokens.
/// </summary>
public sealed class PersonalAccessToken
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the whole token string.</summary>
    public string TokenHash { get; set; } = "";

    public TokenScope Scope { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}

public enum TokenScope
{
    Read,
    Write,
}
