using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Governance.Core.Evidence;

/// <summary>
/// Writes a zip whose bytes depend on nothing but its entries: stored (not deflated), because the
/// deflate of .NET Framework and of .NET differ and both flavours of the tasks write packages; every
/// entry dated 1980-01-01 00:00 (the earliest DOS date, so no time zone moves it); no extra fields;
/// entries in the order given. Any zip reader opens it.
/// </summary>
internal static class StoredZip
{
    private const ushort Version = 20;
    private const ushort Utf8Names = 0x0800;
    private const ushort DosTime = 0;
    private const ushort DosDate = (0 << 9) | (1 << 5) | 1;
    private const int LocalHeaderSize = 30;
    private const int CentralHeaderSize = 46;
    private const int EndOfCentralDirectorySize = 22;

    public static byte[] Write(IReadOnlyList<KeyValuePair<string, byte[]>> entries)
    {
        if (entries.Count > ushort.MaxValue)
        {
            throw new InvalidOperationException($"An evidence package holds at most {ushort.MaxValue} entries; this one would hold {entries.Count}.");
        }

        // Sized up front: a package holds every TRX file the gate read (tens of megabytes with a
        // large suite), and growing by doubling would copy it several times over.
        long capacity = EndOfCentralDirectorySize;
        foreach (KeyValuePair<string, byte[]> entry in entries)
        {
            capacity += LocalHeaderSize + CentralHeaderSize + (2L * Encoding.UTF8.GetByteCount(entry.Key)) + entry.Value.Length;
        }

        using var zip = capacity <= int.MaxValue ? new MemoryStream((int)capacity) : new MemoryStream();
        using var writer = new BinaryWriter(zip, Encoding.UTF8, leaveOpen: true);
        var central = new MemoryStream();
        using var centralWriter = new BinaryWriter(central, Encoding.UTF8, leaveOpen: true);
        foreach (KeyValuePair<string, byte[]> entry in entries)
        {
            byte[] name = Encoding.UTF8.GetBytes(entry.Key);
            uint crc = Crc32.Of(entry.Value);
            uint offset = checked((uint)zip.Position);
            uint size = checked((uint)entry.Value.Length);

            writer.Write(0x04034b50u);
            writer.Write(Version);
            writer.Write(Utf8Names);
            writer.Write((ushort)0);
            writer.Write(DosTime);
            writer.Write(DosDate);
            writer.Write(crc);
            writer.Write(size);
            writer.Write(size);
            writer.Write(checked((ushort)name.Length));
            writer.Write((ushort)0);
            writer.Write(name);
            writer.Write(entry.Value);

            centralWriter.Write(0x02014b50u);
            centralWriter.Write(Version);
            centralWriter.Write(Version);
            centralWriter.Write(Utf8Names);
            centralWriter.Write((ushort)0);
            centralWriter.Write(DosTime);
            centralWriter.Write(DosDate);
            centralWriter.Write(crc);
            centralWriter.Write(size);
            centralWriter.Write(size);
            centralWriter.Write(checked((ushort)name.Length));
            centralWriter.Write((ushort)0);
            centralWriter.Write((ushort)0);
            centralWriter.Write((ushort)0);
            centralWriter.Write((ushort)0);
            centralWriter.Write(0u);
            centralWriter.Write(offset);
            centralWriter.Write(name);
        }

        centralWriter.Flush();
        uint centralOffset = checked((uint)zip.Position);
        writer.Write(central.ToArray());
        writer.Write(0x06054b50u);
        writer.Write((ushort)0);
        writer.Write((ushort)0);
        writer.Write((ushort)entries.Count);
        writer.Write((ushort)entries.Count);
        writer.Write(checked((uint)central.Length));
        writer.Write(centralOffset);
        writer.Write((ushort)0);
        writer.Flush();
        return zip.Length == zip.Capacity ? zip.GetBuffer() : zip.ToArray();
    }
}
