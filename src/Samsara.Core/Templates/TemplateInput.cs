using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Templates;

/// <summary>A template as the editor submits it.</summary>
public sealed class TemplateInput
{
    /// <summary>Null for a global template.</summary>
    public Guid? ProjectId { get; set; }

    [Required, StringLength(200, MinimumLength = 1)]
    public string? Name { get; set; }

    public MessageChannel Channel { get; set; }

    [StringLength(500)]
    public string? Subject { get; set; }

    [Required, StringLength(TemplateService.MaxBodyLength, MinimumLength = 1)]
    public string? Body { get; set; }
}

/// <summary>Settings under <c>Samsara:Recruiter</c>: who messages are signed by when no per-user profile is given.</summary>
public sealed class RecruiterOptions
{
    public const string Section = "Samsara:Recruiter";

    public string? Name { get; set; }

    [EmailAddress]
    public string? Email { get; set; }

    public string? Signature { get; set; }

    public string? Phone { get; set; }

    public RecruiterProfile ToProfile() => new(Name, Email, Signature, Phone);
}
