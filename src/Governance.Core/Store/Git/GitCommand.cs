using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace Governance.Core.Store.Git;

/// <summary>
/// Runs the <c>git</c> executable: every CI machine has it, and it brings the credentials the job
/// already uses (a library would ship native code per platform into both task flavours). Never
/// interactive: a remote that asks for a password fails instead of waiting for one.
/// </summary>
internal static class GitCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <exception cref="StoreUnavailableException">git is not installed, or did not finish in time.</exception>
    public static GitResult Run(string workingDirectory, IReadOnlyList<string> arguments, byte[]? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
#if NETFRAMEWORK
        start.Arguments = string.Join(" ", arguments.Select(Quote));
#else
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
#endif

        // No prompt for credentials or host keys, no pager, no user or system hooks that could
        // change what is stored, and English messages to tell "no such ref" from a failure.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_ASKPASS"] = string.Empty;
        start.Environment["SSH_ASKPASS"] = string.Empty;
        start.Environment["GCM_INTERACTIVE"] = "never";
        start.Environment["GIT_SSH_COMMAND"] = Environment.GetEnvironmentVariable("GIT_SSH_COMMAND") is { Length: > 0 } ssh ? ssh : "ssh -o BatchMode=yes";
        start.Environment["LC_ALL"] = "C";

        // Only transports that move data: ext:: runs a command named in the URL, and a store's
        // address may come from a repository's configuration. A value the user set is kept.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GIT_ALLOW_PROTOCOL")))
        {
            start.Environment["GIT_ALLOW_PROTOCOL"] = "file:git:http:https:ssh";
        }

        start.Environment["GIT_PAGER"] = "cat";
        foreach (KeyValuePair<string, string> variable in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable.Key] = variable.Value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new StoreUnavailableException("git could not be started.");
        }
        catch (Win32Exception)
        {
            throw new StoreUnavailableException("A git: release store needs the git executable, which is not on the PATH. Install git, or use a directory or azblob: store.");
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
            if (input is not null)
            {
                process.StandardInput.BaseStream.Write(input, 0, input.Length);
            }

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

                throw new StoreUnavailableException($"git {string.Join(" ", arguments)} did not finish within {Timeout.TotalMinutes:0} minutes: the remote does not answer.");
            }

            return new GitResult(process.ExitCode, output.Result, error.Result.Trim());
        }
    }

#if NETFRAMEWORK
    /// <summary>One argument as the Windows command line parser reads it back (.NET Framework has no ArgumentList).</summary>
    private static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '"' }) < 0)
        {
            return argument;
        }

        var quoted = new StringBuilder("\"");
        int backslashes = 0;
        foreach (char c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            quoted.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes).Append(c);
            backslashes = 0;
        }

        return quoted.Append('\\', backslashes * 2).Append('"').ToString();
    }
#endif
}
