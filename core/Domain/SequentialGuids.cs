using System.Buffers.Binary;

namespace CollectionsBot.Core.Domain;

/// <summary>
/// Version 7 UUIDs (RFC 9562) that keep the order they were made in within this process, even when several share a
/// millisecond: the 12 bits after the version hold a counter (the RFC's "fixed bit-length dedicated counter",
/// method 1), and a time that goes backwards keeps the last one. <see cref="Guid.CreateVersion7(DateTimeOffset)"/>
/// fills those bits at random, so the messages of one turn, all made at the turn's instant, would sort at random.
/// The 62 bits after the variant are random from the runtime's shared non-cryptographic generator
/// (<see cref="Random.Shared"/>): ids are names, never secrets (a link a person can open carries a signed token
/// instead). Drawing them costs nanoseconds, where the operating system's generator, which
/// <see cref="Guid.CreateVersion7(DateTimeOffset)"/> reads, costs a system call (1.5 us here) and a cryptographic one 2.3 us:
/// a turn that prices a ladder of plans makes dozens of ids.
/// </summary>
public static class SequentialGuids
{
    private static readonly Lock Gate = new();
    private static long _lastMilliseconds;
    private static int _counter;

    /// <summary>A version 7 UUID for now, after every one made before it in this process.</summary>
    public static Guid Next() => Next(DateTimeOffset.UtcNow);

    /// <summary>A version 7 UUID for <paramref name="at"/>, after every one made before it in this process.</summary>
    public static Guid Next(DateTimeOffset at)
    {
        long milliseconds;
        int counter;
        lock (Gate)
        {
            milliseconds = Math.Max(at.ToUnixTimeMilliseconds(), _lastMilliseconds);
            if (milliseconds == _lastMilliseconds)
            {
                // 4,096 in one millisecond: borrow the next millisecond rather than wrap.
                if (++_counter > 0xFFF)
                {
                    milliseconds++;
                    _counter = 0;
                }
            }
            else
            {
                _counter = 0;
            }

            _lastMilliseconds = milliseconds;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[8..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16);
        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
