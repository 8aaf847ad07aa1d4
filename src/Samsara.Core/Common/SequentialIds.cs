using System.Security.Cryptography;

namespace Samsara.Core.Common;

/// <summary>
/// Version 7 ids (RFC 9562) that sort in the order this process made them, even within one millisecond:
/// <see cref="Guid.CreateVersion7(DateTimeOffset)"/> fills the bits after the time at random, so rows stamped at the
/// same instant (one transaction, or a frozen test clock) came back in a different order on every read. Here those bits
/// start with a counter (method 1 of the RFC), so "by time, then by id" is the order the rows were written in.
/// </summary>
public static class SequentialIds
{
    // 26 bits: 12 in rand_a, 14 after the variant; it wraps every 67 million ids, far apart in time.
    private const int CounterBits = 26;
    private static int counter = RandomNumberGenerator.GetInt32(1 << 20);

    public static Guid Next(DateTimeOffset at)
    {
        var n = (uint)Interlocked.Increment(ref counter) & ((1u << CounterBits) - 1);
        var ms = at.ToUnixTimeMilliseconds();
        Span<byte> b = stackalloc byte[16];
        RandomNumberGenerator.Fill(b[10..]);
        for (var i = 0; i < 6; i++)
        {
            b[i] = (byte)(ms >> (40 - (8 * i)));
        }

        b[6] = (byte)(0x70 | (n >> 22));
        b[7] = (byte)(n >> 14);
        b[8] = (byte)(0x80 | ((n >> 8) & 0x3F));
        b[9] = (byte)n;
        return new Guid(b, bigEndian: true);
    }
}
