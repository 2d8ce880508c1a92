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
    private readonly ConcurrentDictionary<string, (RedfishDriverInfo Info, RedfishSession Session)> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _basicOnly = new(StringComparer.Ordinal);

    /// <summary>How many sessions are held.</summary>
    public int Count => _sessions.Count;

    internal RedfishSession? Get(RedfishDriverInfo info) => _sessions.TryGetValue(KeyOf(info), out var held) ? held.Session : null;

    internal void Set(RedfishDriverInfo info, RedfishSession session) => _sessions[KeyOf(info)] = (info, session);

    /// <summary>Forgets <paramref name="session"/> unless another caller already replaced it.</summary>
    internal void Remove(RedfishDriverInfo info, RedfishSession session)
    {
        var key = KeyOf(info);
        if (_sessions.TryGetValue(key, out var held) && held.Session == session)
        {
            _sessions.TryRemove(new KeyValuePair<string, (RedfishDriverInfo, RedfishSession)>(key, held));
        }
    }

    /// <summary>Forgets every session and returns them, with the driver_info that opened each, so they can be ended.</summary>
    internal IReadOnlyList<(RedfishDriverInfo Info, RedfishSession Session)> TakeAll()
    {
        var taken = new List<(RedfishDriverInfo, RedfishSession)>();
        foreach (var key in _sessions.Keys)
        {
            if (_sessions.TryRemove(key, out var held))
            {
                taken.Add(held);
            }
        }

        return taken;
    }

    internal bool IsBasicOnly(RedfishDriverInfo info) => _basicOnly.ContainsKey(info.Address.AbsoluteUri);

    internal void MarkBasicOnly(RedfishDriverInfo info) => _basicOnly[info.Address.AbsoluteUri] = true;

    private static string KeyOf(RedfishDriverInfo info)
    {
        var password = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(info.Password ?? string.Empty)));
        return $"{info.Address.AbsoluteUri}|{info.Username}|{password}";
    }
}
