namespace Samsara.Core.Data;

/// <summary>Key-value facts about this installation (schema notes, install id, first run).</summary>
public sealed class AppMeta
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}
