using System;
using System.Collections.Generic;
using Governance.Core.Store;

namespace Governance.Store.AzureBlob;

/// <summary>
/// The credentials an <c>AZURE_STORAGE_CONNECTION_STRING</c> carries: an account name and key, or
/// a shared access signature. Its endpoints are not used: the store's URL says where the store
/// is, so a connection string left over from another account cannot silently redirect the writes.
/// Nothing here ever echoes a value of the string.
/// </summary>
public sealed class StorageConnectionString
{
    /// <summary>The environment variable the Azure tools read a connection string from.</summary>
    public const string EnvironmentVariable = "AZURE_STORAGE_CONNECTION_STRING";

    /// <summary>
    /// The storage emulator's account. Its key is published in Microsoft's documentation and is the
    /// same on every machine: it protects nothing, it only lets the emulator check signatures.
    /// </summary>
    internal const string DevelopmentAccountName = "devstoreaccount1";

    internal const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageConnectionString(string? accountName, string? accountKey, string? sas)
    {
        AccountName = accountName;
        AccountKey = accountKey;
        Sas = sas;
    }

    /// <summary>The account the string is for, when it says.</summary>
    public string? AccountName { get; }

    /// <summary>The account key (base64), when the string has one.</summary>
    public string? AccountKey { get; }

    /// <summary>The shared access signature (without '?'), when the string has one instead of a key.</summary>
    public string? Sas { get; }

    /// <exception cref="StoreUnavailableException">The string carries no credential this backend can use.</exception>
    public static StorageConnectionString Parse(string value, string display)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string pair in value.Split(';'))
        {
            if (pair.Trim().Length == 0)
            {
                continue;
            }

            // Values may hold '=' themselves (base64 keys end with it): split at the first one only.
            int equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw Unusable(display, "it is not a list of name=value settings separated by ';'");
            }

            settings[pair.Substring(0, equals).Trim()] = pair.Substring(equals + 1).Trim();
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out string? development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return new StorageConnectionString(DevelopmentAccountName, DevelopmentAccountKey, null);
        }

        settings.TryGetValue("AccountName", out string? name);
        if (settings.TryGetValue("AccountKey", out string? key) && key.Length > 0)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw Unusable(display, "it has an AccountKey but no AccountName");
            }

            if (!IsBase64(key))
            {
                throw Unusable(display, "its AccountKey is not base64 (copy the key again from the storage account's access keys)");
            }

            return new StorageConnectionString(name, key, null);
        }

        if (settings.TryGetValue("SharedAccessSignature", out string? sas) && sas.Length > 0)
        {
            return new StorageConnectionString(string.IsNullOrEmpty(name) ? null : name, null, sas.TrimStart('?'));
        }

        throw Unusable(display, "it has neither AccountName and AccountKey nor SharedAccessSignature");
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out int written) && written > 0;
    }

    private static StoreUnavailableException Unusable(string display, string why) => new(
        $"The release store '{display}' cannot be opened: {EnvironmentVariable} is set but {why}. Set it to the storage account's connection string (AccountName=...;AccountKey=...), or put a SAS in the store's URL.");
}
