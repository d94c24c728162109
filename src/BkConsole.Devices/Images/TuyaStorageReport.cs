namespace BkConsole.Devices.Images;

/// <summary>Where the Tuya storage is and the key/value pairs read from it (secret values masked by <see cref="Display"/>).</summary>
public sealed record TuyaStorageReport(long KeyBlockOffset, IReadOnlyList<long> DataBlockOffsets, IReadOnlyList<KeyValuePair<string, string>> Values)
{
    public IEnumerable<string> SecretNames => Values.Where(v => TuyaStorage.SecretKeys.Contains(v.Key)).Select(v => v.Key).Distinct();

    /// <summary>The value as printed: secrets become "(hidden, N chars)" unless <paramref name="showSecrets"/>.</summary>
    public static string Display(KeyValuePair<string, string> kv, bool showSecrets) =>
        showSecrets || !TuyaStorage.SecretKeys.Contains(kv.Key) ? kv.Value : $"(hidden, {kv.Value.Length} chars)";
}
