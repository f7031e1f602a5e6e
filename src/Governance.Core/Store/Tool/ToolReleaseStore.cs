using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace Governance.Core.Store.Tool;

/// <summary>
/// A release store reached through the <c>governance</c> tool, one process per operation
/// (<c>governance store call</c>, <see cref="StoreProtocol"/>). What the MSBuild tasks use for a
/// backend they must not load: the Azure SDK would bring its own System.Memory, System.Text.Json
/// and friends into .NET Framework MSBuild, which has no isolation, and into Visual Studio, which
/// holds its own. The tool comes from the repository's local tool manifest
/// (<c>.config/dotnet-tools.json</c>), so its version is the repository's choice.
/// </summary>
public sealed class ToolReleaseStore : IReleaseStore
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly string location;
    private readonly string workingDirectory;
    private readonly IReadOnlyList<string> command;

    /// <param name="location">The store location the tool opens (credentials, if any, stay in it and in the environment).</param>
    /// <param name="workingDirectory">Where the tool runs: the governance root, whose tool manifest names it.</param>
    /// <param name="command">The tool's command line before its arguments: <c>dotnet tool run governance --</c> by default.</param>
    public ToolReleaseStore(string location, string workingDirectory, IReadOnlyList<string>? command = null)
    {
        this.location = location;
        this.workingDirectory = workingDirectory;
        this.command = command ?? new[] { "dotnet", "tool", "run", "governance", "--" };
        Description = ReleaseStoreFactory.Describe(location);
    }

    public string Description { get; }

    public StoreRecord? ReadRecord(string key)
    {
        using JsonDocument response = Call(StoreProtocol.Request("read-record", w => w.WriteString("key", key)));
        return Record(response);
    }

    public StoreRecord CreateRecord(string key, byte[] content)
    {
        using JsonDocument response = Call(StoreProtocol.Request("create-record", w =>
        {
            w.WriteString("key", key);
            w.WriteBase64String("content", content);
        }));
        return Record(response) ?? throw new StoreUnavailableException($"The governance tool recorded nothing under {key} in {Description}.");
    }

    public IReadOnlyList<string> ListRecords(string prefix)
    {
        using JsonDocument response = Call(StoreProtocol.Request("list-records", w => w.WriteString("prefix", prefix)));
        return StoreProtocol.Names(response);
    }

    /// <summary>Every read reads the store as it is: nothing to refresh.</summary>
    public void Refresh()
    {
    }

    public IReadOnlyList<string> ListStreams()
    {
        using JsonDocument response = Call(StoreProtocol.Request("list-streams", _ => { }));
        return StoreProtocol.Names(response);
    }

    public IReadOnlyList<StreamEntry> ReadStream(string stream)
    {
        using JsonDocument response = Call(StoreProtocol.Request("read-stream", w => w.WriteString("stream", stream)));
        return response.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => new StreamEntry(e.GetProperty("sequence").GetInt64(), e.GetProperty("content").GetBytesFromBase64(), e.GetProperty("location").GetString()!))
            .ToArray();
    }

    public bool TryAppend(string stream, long sequence, byte[] content)
    {
        using JsonDocument response = Call(StoreProtocol.Request("try-append", w =>
        {
            w.WriteString("stream", stream);
            w.WriteNumber("sequence", sequence);
            w.WriteBase64String("content", content);
        }));
        return response.RootElement.GetProperty("appended").GetBoolean();
    }

    private static StoreRecord? Record(JsonDocument response)
    {
        JsonElement record = response.RootElement.GetProperty("record");
        return record.ValueKind == JsonValueKind.Null
            ? null
            : new StoreRecord(record.GetProperty("key").GetString()!, record.GetProperty("content").GetBytesFromBase64(), record.GetProperty("sha256").GetString()!, record.GetProperty("location").GetString()!);
    }

    private JsonDocument Call(byte[] request)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        var arguments = command.Skip(1).Concat(new[] { "store", "call", "--store", location }).ToArray();
#if NETFRAMEWORK
        start.Arguments = string.Join(" ", arguments.Select(a => a.IndexOfAny(new[] { ' ', '"' }) < 0 && a.Length > 0 ? a : "\"" + a.Replace("\"", "\\\"") + "\""));
#else
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
#endif
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new StoreUnavailableException($"The governance tool could not be started for the release store {Description}.");
        }
        catch (Win32Exception)
        {
            throw new StoreUnavailableException($"The release store {Description} is reached through the governance tool, and '{command[0]}' is not on the PATH.");
        }

        using (process)
        {
            Task<byte[]> output = Task.Run(() =>
            {
                using var buffer = new MemoryStream();
                process.StandardOutput.BaseStream.CopyTo(buffer);
                return buffer.ToArray();
            });
            Task<string> error = process.StandardError.ReadToEndAsync();
            process.StandardInput.BaseStream.Write(request, 0, request.Length);
            process.StandardInput.Close();
            if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
            {
                try
                {
                    process.Kill();
                }
                catch (InvalidOperationException)
                {
                }

                throw new StoreUnavailableException($"The governance tool did not answer within {Timeout.TotalMinutes:0} minutes for the release store {Description}.");
            }

            if (process.ExitCode != 0 && output.Result.Length == 0)
            {
                throw new StoreUnavailableException(
                    error.Result.IndexOf("dotnet tool restore", StringComparison.OrdinalIgnoreCase) >= 0
                        ? $"A build reaches the release store {Description} through the governance tool, which the repository's tool manifest names but this machine has not restored. Run dotnet tool restore before the build."
                    : Missing(error.Result)
                        ? $"A build reaches the release store {Description} through the governance tool, which the repository's tool manifest does not have. Add it at the root of the repository: dotnet new tool-manifest (once), then dotnet tool install Governance.Cli --version {Evaluation.GeneratorInfo.Current.Version}."
                        : $"The governance tool failed for the release store {Description}: {FirstLine(error.Result)}.");
            }

            return StoreProtocol.Response(output.Result, Description);
        }
    }

    /// <summary>What <c>dotnet tool run</c> says when no manifest names the tool.</summary>
    private static bool Missing(string error) =>
        error.IndexOf("Cannot find a tool in the manifest", StringComparison.OrdinalIgnoreCase) >= 0 ||
        error.IndexOf("No manifest file", StringComparison.OrdinalIgnoreCase) >= 0 ||
        error.IndexOf("Cannot find a manifest file", StringComparison.OrdinalIgnoreCase) >= 0 ||
        error.IndexOf("could not find", StringComparison.OrdinalIgnoreCase) >= 0;

    private static string FirstLine(string text) => text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "no message";
}
