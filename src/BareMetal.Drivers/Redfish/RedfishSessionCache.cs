using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace BareMetal.Drivers.Redfish;

/// <summary>
/// The Redfish sessions this silo holds, one per BMC and credentials, shared by every node behind that BMC. A session
/// is keyed by a hash of the password too, so changing a node's password logs in anew instead of reusing a session
/// opened with the old one. Also remembers BMCs found to offer no SessionService (they get basic auth).
/// </summary>
public sealed class RedfishSessionCache
{
    private readonly ConcurrentDictionary<string, RedfishSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _basicOnly = new(StringComparer.Ordinal);

    /// <summary>How many sessions are held.</summary>
    public int Count => _sessions.Count;

    internal RedfishSession? Get(RedfishDriverInfo info) => _sessions.GetValueOrDefault(KeyOf(info));

    internal void Set(RedfishDriverInfo info, RedfishSession session) => _sessions[KeyOf(info)] = session;

    /// <summary>Forgets <paramref name="session"/> unless another caller already replaced it.</summary>
    internal void Remove(RedfishDriverInfo info, RedfishSession session) =>
        _sessions.TryRemove(new KeyValuePair<string, RedfishSession>(KeyOf(info), session));

    internal bool IsBasicOnly(RedfishDriverInfo info) => _basicOnly.ContainsKey(info.Address.AbsoluteUri);

    internal void MarkBasicOnly(RedfishDriverInfo info) => _basicOnly[info.Address.AbsoluteUri] = true;

    private static string KeyOf(RedfishDriverInfo info)
    {
        var password = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(info.Password ?? string.Empty)));
        return $"{info.Address.AbsoluteUri}|{info.Username}|{password}";
    }
}
