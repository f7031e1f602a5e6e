using System;
using System.Text;
using Governance.Core.Evidence;

namespace Governance.Core.Tests.Evidence;

/// <summary>The zip entries' CRC-32, eight bytes per step, against its check value and a bit-by-bit reference.</summary>
public class Crc32Tests
{
    [Fact]
    public void The_check_value_of_the_standard_is_reproduced()
    {
        Assert.Equal(0xCBF43926u, Crc32.Of(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, Crc32.Of(Array.Empty<byte>()));
    }

    [Fact]
    public void Every_length_and_alignment_agrees_with_the_bit_by_bit_definition()
    {
        var random = new Random(17);
        foreach (int length in new[] { 1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4093, (1 << 20) + 5 })
        {
            byte[] bytes = new byte[length];
            random.NextBytes(bytes);
            Assert.Equal(BitByBit(bytes), Crc32.Of(bytes));
        }
    }

    private static uint BitByBit(byte[] bytes)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
