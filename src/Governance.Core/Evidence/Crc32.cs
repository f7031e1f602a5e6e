namespace Governance.Core.Evidence;

/// <summary>
/// The CRC-32 a zip entry carries (IEEE 802.3, reflected): written here because System.IO.Hashing is
/// not in .NET Framework. Eight bytes per step ("slicing-by-8", eight tables): an evidence package
/// holds every TRX file the gate read, tens of megabytes with a large test suite, and one table
/// lookup per byte took about 80 ms for 39 MB where this takes about 20 (docs/performance.md#tenant-isolation).
/// </summary>
internal static class Crc32
{
    /// <summary>Table k (at k * 256) is the CRC of a byte followed by k zero bytes; table 0 is the classic one.</summary>
    private static readonly uint[] Tables = BuildTables();

    public static uint Of(byte[] bytes)
    {
        uint[] t = Tables;
        uint crc = 0xFFFFFFFFu;
        int i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
        {
            uint low = crc ^ (uint)(bytes[i] | bytes[i + 1] << 8 | bytes[i + 2] << 16 | bytes[i + 3] << 24);
            uint high = (uint)(bytes[i + 4] | bytes[i + 5] << 8 | bytes[i + 6] << 16 | bytes[i + 7] << 24);
            crc = t[(7 * 256) + (low & 0xFF)] ^ t[(6 * 256) + ((low >> 8) & 0xFF)] ^ t[(5 * 256) + ((low >> 16) & 0xFF)] ^ t[(4 * 256) + (low >> 24)]
                ^ t[(3 * 256) + (high & 0xFF)] ^ t[(2 * 256) + ((high >> 8) & 0xFF)] ^ t[256 + ((high >> 16) & 0xFF)] ^ t[high >> 24];
        }

        for (; i < bytes.Length; i++)
        {
            crc = t[(crc ^ bytes[i]) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTables()
    {
        var tables = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            tables[n] = c;
        }

        for (int k = 1; k < 8; k++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint previous = tables[((k - 1) * 256) + n];
                tables[(k * 256) + n] = (previous >> 8) ^ tables[previous & 0xFF];
            }
        }

        return tables;
    }
}
