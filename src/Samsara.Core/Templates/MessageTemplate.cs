namespace Samsara.Core.Templates;

/// <summary>A Liquid template for an SMS or an email; global when <see cref="ProjectId"/> is null.</summary>
public sealed class MessageTemplate
{
    public Guid Id { get; set; }
    public Guid? ProjectId { get; set; }
    public required string Name { get; set; }
    public MessageChannel Channel { get; set; }
    public string? Subject { get; set; }
    public required string Body { get; set; }
    public string? VariablesJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum MessageChannel
{
    Sms,
    Email,
}
