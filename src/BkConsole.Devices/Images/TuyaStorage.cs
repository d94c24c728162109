using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace BkConsole.Devices.Images;

/// <summary>
/// Locates the Tuya key-value storage in a dump: a 4 KiB "key block" whose AES-128-ECB decryption under the fixed
/// master key starts with magic 0x13579753 and carries the device's inner key; data blocks decrypt with a key derived
/// from it (key[i] = part1[i &amp; 3] + part2[i] + inner[i]) and start with 0x98761234 or 0x135726AB. Values such as
/// uuid, auth key, psk and Wi-Fi password are secrets: <see cref="TuyaStorageReport"/> masks them unless asked.
/// </summary>
public static partial class TuyaStorage
{
    public const int BlockSize = 0x1000;
    public const uint MagicKey = 0x13579753;
    public const uint MagicData1 = 0x98761234;
    public const uint MagicData2 = 0x135726AB;

    private static readonly byte[] KeyMaster = "qwertyuiopasdfgh"u8.ToArray();
    private static readonly byte[] KeyPart1 = "8710_2M"u8.ToArray();
    private static readonly byte[] KeyPart2 = "HHRRQbyemofrtytf"u8.ToArray();

    /// <summary>Keys whose values are secrets (never printed unless the user asks).</summary>
    public static readonly IReadOnlySet<string> SecretKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "uuid", "auth_key", "authkey", "psk", "psk_key", "passwd", "password", "pwd", "ap_passwd", "local_key", "localkey",
        "sec_key", "token", "secret", "pskKey", "devId", "dev_id", "ssid", "ap_ssid",
    };

    public static TuyaStorageReport? Find(ReadOnlySpan<byte> image, long searchFrom = 0x100000)
    {
        using var master = Aes.Create();
        master.Key = KeyMaster;
        Span<byte> head = stackalloc byte[16];
        for (long off = Math.Min(searchFrom, image.Length) & ~(BlockSize - 1L); off + BlockSize <= image.Length; off += BlockSize)
        {
            master.DecryptEcb(image.Slice((int)off, 16), head, PaddingMode.None);
            if (BinaryPrimitives.ReadUInt32LittleEndian(head) != MagicKey) continue;
            var block = new byte[32];
            master.DecryptEcb(image.Slice((int)off, 32), block, PaddingMode.None);
            var inner = block.AsSpan(8, 16).ToArray();
            return ReadData(image, off, inner);
        }
        return null;
    }

    /// <summary>The AES key of the data blocks for a device's inner key.</summary>
    public static byte[] DataKey(ReadOnlySpan<byte> inner)
    {
        var key = new byte[16];
        for (int i = 0; i < 16; i++) key[i] = (byte)(KeyPart1[i & 3] + KeyPart2[i] + inner[i]);
        return key;
    }

    /// <summary>Encrypts with the master key (for building test images and for the erased-block pattern).</summary>
    public static byte[] EncryptMaster(ReadOnlySpan<byte> plain)
    {
        using var aes = Aes.Create();
        aes.Key = KeyMaster;
        return aes.EncryptEcb(plain, PaddingMode.None);
    }

    private static TuyaStorageReport ReadData(ReadOnlySpan<byte> image, long keyBlock, byte[] inner)
    {
        using var aes = Aes.Create();
        aes.Key = DataKey(inner);
        var values = new List<KeyValuePair<string, string>>();
        var blocks = new List<long>();
        Span<byte> head = stackalloc byte[16];
        // Data blocks sit around the key block (the storage area is a few dozen KiB); look 64 blocks either way.
        long from = Math.Max(0, keyBlock - 64L * BlockSize), to = Math.Min(image.Length - BlockSize, keyBlock + 64L * BlockSize);
        for (long off = from; off <= to; off += BlockSize)
        {
            if (off == keyBlock) continue;
            aes.DecryptEcb(image.Slice((int)off, 16), head, PaddingMode.None);
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(head);
            if (magic != MagicData1 && magic != MagicData2) continue;
            blocks.Add(off);
            var plain = aes.DecryptEcb(image.Slice((int)off, BlockSize), PaddingMode.None);
            foreach (Match m in JsonPair().Matches(Encoding.ASCII.GetString(plain.Select(b => b is >= 0x20 and < 0x7F ? b : (byte)' ').ToArray())))
                values.Add(new(m.Groups["k"].Value, m.Groups["v"].Value));
        }
        return new TuyaStorageReport(keyBlock, blocks, values);
    }

    [GeneratedRegex("\"(?<k>[A-Za-z_][A-Za-z0-9_]{1,31})\"\\s*:\\s*\"?(?<v>[^\",}]{0,128})\"?")]
    private static partial Regex JsonPair();
}
