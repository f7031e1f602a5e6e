using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;

namespace Governance.Core.Tests.Store;

/// <summary>
/// A real Azure Storage emulator (Azurite's blob service) on a free loopback port for the azblob
/// store tests: installed with npm into <c>artifacts/azurite/</c> the first time (so the tests need
/// only Node and the npm registry, no Docker), started in memory, and killed with its whole process
/// tree when the tests are done. Nothing it serves leaves this machine.
/// </summary>
public sealed class AzuriteFixture : IDisposable
{
    /// <summary>The version the tests are proven against; another one is installed beside it only by changing this.</summary>
    public const string Version = "3.35.0";

    /// <summary>The emulator's account. Its key is published by Microsoft and identical everywhere: not a secret.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;

    private readonly List<string> output = new();

    private int containers;

    public AzuriteFixture()
    {
        string directory = Path.Combine(RepositoryRoot(), "artifacts", "azurite");
        string main = Install(directory);

        // A port is free when we ask; should another process take it before Azurite binds it,
        // Azurite exits and a new port is tried.
        for (int attempt = 1; ; attempt++)
        {
            Port = FreePort();
            process = Start(directory, main, Port);
            if (WaitUntilAnswering(process, Port))
            {
                break;
            }

            Kill(process);
            if (attempt == 3)
            {
                throw new InvalidOperationException($"Azurite {Version} did not start on 127.0.0.1 (3 tries); it said:\n{Said()}");
            }
        }

        BlobEndpoint = new Uri($"http://127.0.0.1:{Port}/{AccountName}");
        Service = new BlobServiceClient(BlobEndpoint, new StorageSharedKeyCredential(AccountName, AccountKey));
    }

    public int Port { get; }

    /// <summary>The account's blob endpoint (path style, as emulators are addressed).</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>A client with the account key: what an administrator (or an attacker with the key) can do.</summary>
    public BlobServiceClient Service { get; }

    /// <summary>The emulator's connection string, as AZURE_STORAGE_CONNECTION_STRING would hold it.</summary>
    public string ConnectionString => $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    /// <summary>A new, empty container, with an administrator's client for it.</summary>
    public BlobContainerClient CreateContainer()
    {
        BlobContainerClient container = Service.GetBlobContainerClient($"store-{Interlocked.Increment(ref containers)}-{Guid.NewGuid():N}".Substring(0, 40));
        container.Create();
        return container;
    }

    /// <summary>
    /// A SAS for <paramref name="container"/>, valid for two hours; by default with only what a store
    /// writer needs (read, create, list): no write or delete, so it cannot overwrite or remove a blob.
    /// </summary>
    public static Uri SasFor(BlobContainerClient container, BlobContainerSasPermissions permissions =
        BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Create | BlobContainerSasPermissions.List) =>
        container.GenerateSasUri(permissions, DateTimeOffset.UtcNow.AddHours(2));

    public void Dispose()
    {
        Kill(process);
        process.Dispose();
    }

    /// <summary>Installs Azurite with npm unless this version is already there; returns its blob service's entry script.</summary>
    private static string Install(string directory)
    {
        string package = Path.Combine(directory, "node_modules", "azurite", "package.json");
        if (InstalledVersion(package) != Version)
        {
            Directory.CreateDirectory(directory);
            var install = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in new[] { "install", "--prefix", directory, $"azurite@{Version}", "--no-audit", "--no-fund" })
            {
                install.ArgumentList.Add(argument);
            }

            using Process npm = StartTool(install, "npm");
            var said = npm.StandardError.ReadToEndAsync();
            npm.StandardOutput.ReadToEnd();
            if (!npm.WaitForExit((int)InstallTimeout.TotalMilliseconds) || npm.ExitCode != 0 || InstalledVersion(package) != Version)
            {
                throw new InvalidOperationException($"npm could not install azurite@{Version} into {directory}: {said.Result}");
            }
        }

        // The package's own "bin" entry, run with node: the same on every platform (no .cmd shims).
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(package));
        string relative = manifest.RootElement.GetProperty("bin").GetProperty("azurite-blob").GetString()!;
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(package)!, relative));
    }

    /// <summary>Starts a tool, saying what is missing when it is not installed rather than failing with "file not found".</summary>
    private static Process StartTool(ProcessStartInfo start, string tool)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"The azblob store tests install Azurite with {tool}, which cannot be started ({ex.Message}); install Node.js 20 or later (node and npm on PATH).", ex);
        }
    }

    private static string? InstalledVersion(string package)
    {
        if (!File.Exists(package))
        {
            return null;
        }

        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(package));
        return manifest.RootElement.TryGetProperty("version", out JsonElement version) ? version.GetString() : null;
    }

    private Process Start(string directory, string main, int port)
    {
        // In memory: nothing is written to disk and every run starts empty. The API version check
        // is skipped because the SDK speaks a newer service version than this emulator announces.
        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (string argument in new[]
        {
            main, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--skipApiVersionCheck", "--disableTelemetry", "--inMemoryPersistence", "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var started = new Process { StartInfo = start };

        DataReceivedEventHandler keep = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Add(e.Data);
                }
            }
        };
        started.OutputDataReceived += keep;
        started.ErrorDataReceived += keep;
        try
        {
            started.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            started.Dispose();
            throw new InvalidOperationException($"The azblob store tests run Azurite with node, which cannot be started ({ex.Message}); install Node.js 20 or later (node and npm on PATH).", ex);
        }

        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits until the port accepts connections (Azurite listens once it is ready), or the process ends.</summary>
    private static bool WaitUntilAnswering(Process azurite, int port)
    {
        var wait = Stopwatch.StartNew();
        while (wait.Elapsed < StartTimeout)
        {
            if (azurite.HasExited)
            {
                return false;
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        return false;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Kill(Process azurite)
    {
        try
        {
            if (!azurite.HasExited)
            {
                azurite.Kill(entireProcessTree: true);
                azurite.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    private string Said()
    {
        lock (output)
        {
            return string.Join("\n", output);
        }
    }

    /// <summary>The folder of Governance.Sdk.sln: Azurite is installed under its artifacts/ (this file serves both test projects).</summary>
    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Governance.Sdk.sln")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("Governance.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
