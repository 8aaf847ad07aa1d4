namespace Samsara.Web.Components.Shared;

/// <summary>
/// A table row that is the same row for as long as it shows the same candidate. MudTable keys its rows by the item
/// (<c>@key="item"</c>); the records re-read on every live reload never compare equal to the previous ones (they hold
/// lists), so each reload replaced every row's DOM and a click that landed in between was lost. Keyed by id, a reload
/// updates the row in place and the click reaches it.
/// </summary>
public sealed class LiveRow<T>(Guid id, T value) : IEquatable<LiveRow<T>>
{
    public Guid Id { get; } = id;

    public T Value { get; } = value;

    public bool Equals(LiveRow<T>? other) => other is not null && other.Id == Id;

    public override bool Equals(object? obj) => Equals(obj as LiveRow<T>);

    public override int GetHashCode() => Id.GetHashCode();
}
