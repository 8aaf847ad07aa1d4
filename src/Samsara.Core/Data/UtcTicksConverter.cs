using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Samsara.Core.Data;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks (SQLite only).</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
